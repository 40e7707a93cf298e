"""The per-submission child: confine itself, load the submission, serve calls until killed.

Runs in a process freshly forked from the zygote (torch already imported). The first reply
on its channel describes the load (`loaded`, or why not); then it answers call requests one
by one. It never returns: the parent ends it with SIGKILL through the zygote.
"""

from __future__ import annotations

import os
import socket
import sys
import traceback
from pathlib import Path

import torch

from . import progress
from .calls import OutputTap, run_call
from .confine import ChildLimits, confine
from .loader import describe_entry, describe_exception, load_module
from .wire import WireError, recv_message, send_message

OUTPUT_FILE = ".dlprep-output"


def run_child(channel_fd: int, request: dict[str, object], config: dict[str, object]) -> None:
    """Entry point after fork; exits the process when done."""
    status = 0
    try:
        _close_inherited_fds(keep=channel_fd)
        channel = socket.socket(fileno=channel_fd)
        limits = ChildLimits.from_dict(request["limits"])  # type: ignore[arg-type]
        confine(limits, config.get("drop_to_uid"), bool(config.get("isolated_uid")))  # type: ignore[arg-type]
        workdir = Path(str(request["workdir"]))
        tap = _enter_workdir(workdir)
        torch.set_num_threads(limits.threads)
        _serve(channel, request, workdir, tap)
    except WireError:
        status = 3
    except BaseException:  # report the sandbox's own failure, then exit
        traceback.print_exc(file=sys.__stderr__)
        status = 4
    finally:
        os._exit(status)


def _serve(
    channel: socket.socket, request: dict[str, object], workdir: Path, tap: OutputTap
) -> None:
    load = _load(str(request["source"]), workdir / str(request["filename"]), str(request["entry"]))
    module = load.pop("module", None)
    send_message(channel, {**load, "stdout": tap.read_new()})
    if module is None:
        return
    progress.attach(channel)
    while True:
        call = recv_message(channel)
        if not isinstance(call, dict) or call.get("op") != "call":
            return
        reply = run_call(module, call)  # type: ignore[arg-type]
        reply["stdout"] = tap.read_new()
        send_message(channel, reply)


def _load(source: str, path: Path, entry: str) -> dict[str, object]:
    try:
        module = load_module(source, path)
    except BaseException as error:  # SyntaxError, SystemExit, anything at import
        return describe_exception(error)
    description = describe_entry(module, entry)
    if description["status"] == "loaded":
        description["module"] = module
    return description


def _enter_workdir(workdir: Path) -> OutputTap:
    workdir.mkdir(mode=0o700)
    os.chdir(workdir)
    output = os.open(workdir / OUTPUT_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output, 1)
    os.dup2(output, 2)
    os.close(output)
    os.close(devnull)
    sys.path.insert(0, str(workdir))
    sys.argv = [str(workdir)]
    return OutputTap(str(workdir / OUTPUT_FILE))


def _close_inherited_fds(keep: int) -> None:
    """Close every descriptor but stdio and the channel (the zygote's control socket above all)."""
    os.closerange(3, keep)
    os.closerange(keep + 1, 65536)
