"""Load a submission as a module and describe what went wrong, as plain data, when it does not load.

Everything returned is a dict of strings and numbers: the parent turns it into a verdict
(syntax error with line, exception with the learner's traceback, missing entry, signature).
Tracebacks keep the learner's frames and library frames, never this package's.
"""

from __future__ import annotations

import inspect
import sys
import traceback
import types
from pathlib import Path

MODULE_NAME = "submission"
MAX_TRACEBACK_CHARS = 8000
_HARNESS_DIR = str(Path(__file__).resolve().parent)
_MEMORY_MARKERS = (
    "can't allocate memory",
    "not enough memory",
    "out of memory",
    "DefaultCPUAllocator",
)


def load_module(source: str, path: Path) -> types.ModuleType:
    """Write the source to `path` (the working directory) and execute it as module `submission`.

    The code is compiled under the bare file name, so tracebacks read "File "dropout.py", line 3".
    """
    path.write_text(source, encoding="utf-8")
    code = compile(source, path.name, "exec", dont_inherit=True)
    module = types.ModuleType(MODULE_NAME)
    module.__file__ = str(path)
    sys.modules[MODULE_NAME] = module
    exec(code, module.__dict__)
    return module


def describe_exception(error: BaseException, own_file: str | None = None) -> dict[str, object]:
    """A learner's exception as plain data: status memory|syntax|raised, message, traceback.

    "syntax" (whose line the parent quotes from its own copy of the submission) only for a
    SyntaxError in the submission's own file, `own_file` as it was compiled; one from a module
    it wrote and imported, or from exec() in a call, is an exception like any other.
    """
    if isinstance(error, SyntaxError) and own_file is not None and error.filename == own_file:
        return {
            "status": "syntax",
            "message": str(error.msg),
            "line": int(error.lineno or 0),
            "offset": int(error.offset or 0),
            "text": (error.text or "").rstrip("\n"),
        }
    status = "memory" if _is_memory_error(error) else "raised"
    return {
        "status": status,
        "type": type(error).__name__,
        "message": str(error)[:2000],
        "traceback": learner_traceback(error),
    }


def learner_traceback(error: BaseException) -> str:
    """The formatted traceback without the frames of this package."""
    summary = traceback.TracebackException.from_exception(error)
    _drop_harness_frames(summary, set())
    return "".join(summary.format())[-MAX_TRACEBACK_CHARS:]


def describe_entry(module: types.ModuleType, entry: str) -> dict[str, object]:
    """Whether the module defines `entry`, and its parameters (name, kind, has_default)."""
    if not hasattr(module, entry):
        defined = sorted(name for name in vars(module) if not name.startswith("_"))
        return {"status": "missing", "entry": entry, "defined": defined[:50]}
    target = getattr(module, entry)
    if not callable(target):
        return {"status": "not_callable", "entry": entry, "type": type(target).__name__}
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return {"status": "loaded", "entry": entry, "parameters": None}
    parameters = [
        {
            "name": p.name,
            "kind": p.kind.name,
            "has_default": p.default is not inspect.Parameter.empty,
        }
        for p in signature.parameters.values()
    ]
    return {"status": "loaded", "entry": entry, "parameters": parameters}


def _drop_harness_frames(summary: traceback.TracebackException, seen: set[int]) -> None:
    if id(summary) in seen:
        return
    seen.add(id(summary))
    kept = [frame for frame in summary.stack if not frame.filename.startswith(_HARNESS_DIR)]
    summary.stack = traceback.StackSummary.from_list(kept)
    for chained in (summary.__cause__, summary.__context__):
        if chained is not None:
            _drop_harness_frames(chained, seen)


def _is_memory_error(error: BaseException) -> bool:
    if isinstance(error, MemoryError):
        return True
    return isinstance(error, RuntimeError) and any(
        marker in str(error) for marker in _MEMORY_MARKERS
    )
