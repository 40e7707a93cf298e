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
from typing import cast

import torch
from dlprep_common import fashion
from dlprep_common.codec import EncodeError
from dlprep_common.frames import WireError, recv_message, send_message
from dlprep_common.messages import CHILD_HARNESS_FAILURE, CHILD_WIRE_FAILURE, Reply

from . import forbid, progress
from .calls import OutputTap, cpu_allowance, run_call
from .confine import ChildLimits, confine
from .instances import run_handle
from .loader import describe_entry, describe_exception, load_module

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
        _serve(channel, request, workdir, tap, limits)
    except WireError:
        status = CHILD_WIRE_FAILURE
    except BaseException:  # report the sandbox's own failure, then exit
        traceback.print_exc(file=sys.__stderr__)
        status = CHILD_HARNESS_FAILURE
    finally:
        os._exit(status)


def _serve(
    channel: socket.socket,
    request: dict[str, object],
    workdir: Path,
    tap: OutputTap,
    limits: ChildLimits,
) -> None:
    forbid.install([str(name) for name in request.get("forbid") or []])  # type: ignore[attr-defined]
    with cpu_allowance(limits.call_cpu_seconds):  # the import is limited like a call
        load = _load(
            str(request["source"]), workdir / str(request["filename"]), str(request["entry"])
        )
    module = load.pop("module", None)
    _reply(channel, {**load, "stdout": tap.read_new()})  # type: ignore[typeddict-item]
    if module is None:
        return
    progress.attach(channel)
    fashion.on_pass = progress.report  # an epoch of FashionBatches is progress too
    while True:
        call = recv_message(channel)
        if not isinstance(call, dict) or call.get("op") not in ("call", "handle"):
            return
        if call["op"] == "handle":  # class exercises: instances stay in this process
            with cpu_allowance(limits.call_cpu_seconds):
                reply = cast(Reply, run_handle(module, call))  # type: ignore[arg-type]
        else:
            reply = run_call(module, call, limits.call_cpu_seconds)  # type: ignore[arg-type]
        reply["stdout"] = tap.read_new()
        _reply(channel, reply)


def _reply(channel: socket.socket, reply: Reply) -> None:
    """Send `reply`; a value the wire format cannot carry becomes an `unsafe` reply instead."""
    try:
        send_message(channel, reply)
    except EncodeError as error:
        message = f"the result holds {error}, which cannot be returned (only plain data)"
        send_message(
            channel, {"status": "unsafe", "message": message, "stdout": reply.get("stdout", "")}
        )


def _load(source: str, path: Path, entry: str) -> dict[str, object]:
    try:
        module = load_module(source, path)
    except BaseException as error:  # SyntaxError, SystemExit, anything at import
        return describe_exception(error, path.name)
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
