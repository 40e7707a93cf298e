"""Hidden tests of try_gpu(i=0) and try_all_gpus(): d2l's device helpers.

The grader has no GPU, so each test first makes torch.cuda.device_count() (and is_available())
report a number of GPUs in the child with Build("as_if_cuda_devices", count=N, value=i),
which is then the argument i. The setting lasts for the rest of the child, so every test sets
the count it needs before any call. With a pretended GPU no CUDA call is made: only
torch.device objects are created and compared.
"""

import pytest
import torch

from dlprep.grader.protocol import Build

CPU = torch.device("cpu")


def cuda(index):
    return torch.device(f"cuda:{index}")


def try_gpu_with(student, count, i):
    """try_gpu(i) while torch.cuda reports `count` GPUs (count None: the real hardware)."""
    return student.try_gpu(Build("as_if_cuda_devices", count=count, value=i))


def assert_device(value, expected, what):
    assert isinstance(value, torch.device), (
        f"expected {what} to be a torch.device, got {type(value).__name__} {value!r}"
    )
    assert value == expected, f"expected {what} to be {expected!r}, got {value!r}"


@pytest.mark.describe(
    en="without a GPU, try_gpu(), try_gpu(0) and try_gpu(3) return torch.device('cpu')",
    zh="没有 GPU 时，try_gpu()、try_gpu(0) 和 try_gpu(3) 都返回 torch.device('cpu')",
)
@pytest.mark.concepts("pytorch-practice-try-gpu")
def test_without_gpu_falls_back_to_the_cpu(student):
    assert_device(try_gpu_with(student, 0, 0), CPU, "try_gpu(0) with no GPU")
    assert_device(try_gpu_with(student, 0, 3), CPU, "try_gpu(3) with no GPU")
    assert_device(student.try_gpu(), CPU, "try_gpu() with no GPU")


@pytest.mark.describe(
    en="with 2 GPUs, try_gpu(0) is cuda:0 and try_gpu(1) is cuda:1 (torch.device objects)",
    zh="有 2 块 GPU 时，try_gpu(0) 是 cuda:0，try_gpu(1) 是 cuda:1（torch.device 对象）",
)
@pytest.mark.concepts("pytorch-practice-try-gpu")
def test_existing_gpus_are_returned(student):
    assert_device(try_gpu_with(student, 2, 0), cuda(0), "try_gpu(0) with 2 GPUs")
    assert_device(try_gpu_with(student, 2, 1), cuda(1), "try_gpu(1) with 2 GPUs")
    assert_device(student.try_gpu(), cuda(0), "try_gpu() with 2 GPUs")


@pytest.mark.describe(
    en="i beyond the last GPU falls back to the CPU: try_gpu(2) with 2 GPUs, try_gpu(1) with 1",
    zh="i 超出最后一块 GPU 时回退到 CPU：2 块 GPU 时的 try_gpu(2)，1 块时的 try_gpu(1)",
)
@pytest.mark.concepts("pytorch-practice-try-gpu")
def test_index_out_of_range_falls_back_to_the_cpu(student):
    assert_device(try_gpu_with(student, 2, 2), CPU, "try_gpu(2) with 2 GPUs")
    assert_device(try_gpu_with(student, 1, 1), CPU, "try_gpu(1) with 1 GPU")
    assert_device(try_gpu_with(student, 3, 7), CPU, "try_gpu(7) with 3 GPUs")


@pytest.mark.describe(
    en="try_all_gpus() lists every GPU as torch.device, and is [cpu] (never empty) without one",
    zh="try_all_gpus() 以 torch.device 列出所有 GPU，没有 GPU 时为 [cpu]（绝不为空）",
)
@pytest.mark.concepts("pytorch-practice-try-gpu")
@pytest.mark.parametrize("count", [0, 1, 3])
def test_try_all_gpus(student, count):
    try_gpu_with(student, count, 0)  # sets the count the next call sees
    devices = student.try_all_gpus()
    expected = [cuda(index) for index in range(count)] or [CPU]
    assert isinstance(devices, list), f"expected a list, got {type(devices).__name__}"
    assert len(devices) == len(expected), (
        f"with {count} GPU(s) expected {len(expected)} device(s), got {devices!r}"
    )
    for index, (device, want) in enumerate(zip(devices, expected, strict=True)):
        assert_device(device, want, f"try_all_gpus()[{index}] with {count} GPU(s)")


@pytest.mark.describe(
    en="on the grading machine's real hardware, try_gpu() agrees with torch.cuda.device_count()",
    zh="在评分机器的真实硬件上，try_gpu() 与 torch.cuda.device_count() 一致",
)
@pytest.mark.concepts("pytorch-practice-device-basics")
def test_real_hardware(student):
    expected = cuda(0) if torch.cuda.device_count() > 0 else CPU
    assert_device(try_gpu_with(student, None, 0), expected, "try_gpu(0)")
