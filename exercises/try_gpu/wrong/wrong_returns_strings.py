# Wrong: returns device names as strings ('cuda:0', 'cpu') instead of torch.device objects.
import torch


def try_gpu(i=0):
    if torch.cuda.device_count() >= i + 1:
        return f"cuda:{i}"
    return "cpu"


def try_all_gpus():
    devices = [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    return devices if devices else ["cpu"]
