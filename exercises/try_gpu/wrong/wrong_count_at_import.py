# Wrong: counts the GPUs once at import time, so the function never sees the devices of the moment it runs.
import torch

NUM_GPUS = torch.cuda.device_count()


def try_gpu(i=0):
    if NUM_GPUS >= i + 1:
        return torch.device(f"cuda:{i}")
    return torch.device("cpu")


def try_all_gpus():
    devices = [torch.device(f"cuda:{i}") for i in range(NUM_GPUS)]
    return devices if devices else [torch.device("cpu")]
