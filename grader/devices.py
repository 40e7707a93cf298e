"""Which device the training exercises run on: `--device auto|cpu|cuda`, resolved in the grader worker.

`auto` is `cuda` when `torch.cuda.is_available()` in the process that grades (the grader
worker: on Ray, each node decides for itself), else `cpu`. `cuda` on a machine without a GPU
is `DeviceUnavailable`, an `InputError`: a clear message (exit status 2, or one "not graded"
row per submission on a Ray node without a GPU), never a traceback.

Resolving must not cost the cold start its overlap (the zygote boots while torch is imported):
a machine without NVIDIA device nodes (/dev/nvidia*) has no CUDA that torch could use, so
there the answer is `cpu` without importing torch; torch is asked only where the nodes exist,
or once something already imported it (tests mock `torch.cuda.is_available` this way).
The resolved name is what the launcher (binds /dev/nvidia* into bubblewrap for `cuda` only),
the child's `Build("device")` and the report's provenance see.
"""

from __future__ import annotations

import glob
import sys

from dlprep.grader.errors import InputError

DEVICES = ("auto", "cpu", "cuda")
RESOLVED = ("cpu", "cuda")
# The character devices the NVIDIA driver needs in a sandbox (control, each GPU, UVM, caps).
NVIDIA_NODE_PATTERNS = ("/dev/nvidia*", "/dev/nvidia-caps/*")


class DeviceUnavailable(InputError):
    """`--device cuda` where this grader sees no CUDA device."""


def nvidia_device_nodes() -> list[str]:
    """The NVIDIA device nodes of this machine (bound into the sandbox when grading on cuda)."""
    return sorted(
        path
        for pattern in NVIDIA_NODE_PATTERNS
        for path in glob.glob(pattern)
        if not path.endswith("/nvidia-caps")
    )


def cuda_available() -> bool:
    """Whether torch can use a CUDA device here (no torch import where there is no NVIDIA node)."""
    if "torch" not in sys.modules and not nvidia_device_nodes():
        return False
    import torch

    return bool(torch.cuda.is_available())


def resolve_device(requested: str) -> str:
    """`cpu` or `cuda` for `requested` (auto | cpu | cuda); DeviceUnavailable for cuda without a GPU."""
    if requested not in DEVICES:
        raise InputError(f"unknown device {requested!r}: expected one of {', '.join(DEVICES)}")
    if requested == "cpu":
        return "cpu"
    if cuda_available():
        return "cuda"
    if requested == "cuda":
        raise DeviceUnavailable(
            "--device cuda: this grader sees no CUDA device (torch.cuda.is_available() is "
            "False); use --device cpu, or --device auto for a GPU only where there is one"
        )
    return "cpu"


def device_key(name: object) -> str:
    """The device type a band is filed under: "cuda:0" -> "cuda", anything unknown -> "cpu"."""
    text = str(name or "cpu").split(":", 1)[0].strip().lower()
    return text if text in RESOLVED else "cpu"
