"""What in a submission's source defeats the static check of `dlprep.exercises.forbid`.

The parent decides "implement it yourself" rules from the source alone (the child is the
learner's process: whatever it reports can be forged). A name computed at run time
(`importlib.import_module("torch.nn." + "lanoitcnuf"[::-1])`, `getattr(F, "drop" + "out")`)
cannot be resolved statically, so in an exercise with `forbid:` such dynamic access is itself
refused: the learner never needs it to implement a function from scratch.

Separately, the grader's own in-sandbox modules (`dlprep_child`, `dlprep_common`) are refused
in every exercise: a submission that imports or patches them is tampering with the grading,
never solving the exercise. No torch here.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

GRADER_MODULES = ("dlprep_child", "dlprep_common")

DYNAMIC_MESSAGE = (
    "this exercise checks what you call; computed names and dynamic imports are not allowed here"
)
GRADER_MESSAGE = "refers to the grader's own module {name}, which a submission may not use"

# Names whose use means "a name chosen at run time" (builtins and modules).
_DYNAMIC_NAMES = frozenset(
    {"__import__", "eval", "exec", "compile", "globals", "vars", "locals", "__builtins__"}
)
_DYNAMIC_MODULES = frozenset(
    {"importlib", "builtins", "imp", "runpy", "pkgutil", "ctypes", "gc", "inspect"}
)
# Attribute lookups by computed names, and frame introspection (the caller's frame is the
# grader's own code in the child: `sys._getframe(1).f_globals` reaches its modules).
_DYNAMIC_ATTRS = frozenset(
    {"__dict__", "__getattribute__", "__getattr__", "__import__", "__builtins__", "__globals__"}
    | {"_getframe", "f_globals", "f_locals", "f_back", "f_builtins", "gi_frame", "tb_frame"}
    | {"__subclasses__", "__closure__", "__code__"}
)
_NAME_ARGUMENT = {"getattr": 1, "setattr": 1, "delattr": 1}
_OPERATOR_GETTERS = frozenset({"attrgetter", "methodcaller"})


@dataclass(frozen=True)
class DynamicUse:
    """What was found (`importlib`, `getattr with a computed name`...) and its first line."""

    what: str
    line: int


def grader_module_uses(source: str) -> list[DynamicUse]:
    """Every mention of a grader module: an import, a name, an attribute or a string."""
    tree = _parse(source)
    if tree is None:
        return []
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        for text in _texts(node):
            for module in GRADER_MODULES:
                if module in text:
                    line = getattr(node, "lineno", 0)
                    found[module] = min(found.get(module, line), line)
    return [DynamicUse(name, line) for name, line in sorted(found.items(), key=lambda i: i[1])]


def dynamic_uses(source: str) -> list[DynamicUse]:
    """Every construct that picks a module or an attribute by a name computed at run time."""
    tree = _parse(source)
    if tree is None:
        return []
    found: dict[str, int] = {}
    sys_names = {"sys"} | {
        alias.asname
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
        if alias.name == "sys" and alias.asname
    }
    for node in ast.walk(tree):
        what = _dynamic(node, sys_names)
        if what is not None:
            line = getattr(node, "lineno", 0)
            found[what] = min(found.get(what, line), line)
    return [DynamicUse(what, line) for what, line in sorted(found.items(), key=lambda i: i[1])]


def dynamic_message(uses: list[DynamicUse]) -> str:
    """The learner's verdict (English; `dlprep.grader.messages` has the Chinese)."""
    first = uses[0]
    return f"{DYNAMIC_MESSAGE} (found {first.what} on line {first.line})"


def grader_message(uses: list[DynamicUse]) -> str:
    first = uses[0]
    return f"{GRADER_MESSAGE.format(name=first.what)} (found on line {first.line})"


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _texts(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, ast.Attribute):
        return [node.attr]
    if isinstance(node, ast.alias):
        return [node.name, node.asname or ""]
    if isinstance(node, ast.ImportFrom):
        return [node.module or ""]
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        value = node.value
        return [value if isinstance(value, str) else value.decode("latin-1")]
    return []


def _dynamic(node: ast.AST, sys_names: set[str]) -> str | None:
    if isinstance(node, ast.alias) and node.name.split(".")[0] in _DYNAMIC_MODULES:
        return node.name.split(".")[0]
    if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in _DYNAMIC_MODULES:
        return (node.module or "").split(".")[0]
    if isinstance(node, ast.ImportFrom) and node.module == "sys":
        if any(alias.name == "modules" for alias in node.names):
            return "sys.modules"
    if isinstance(node, ast.Name) and node.id in _DYNAMIC_NAMES:
        return node.id
    if isinstance(node, ast.Attribute):
        if node.attr in _DYNAMIC_ATTRS:
            return node.attr
        if node.attr == "modules" and isinstance(node.value, ast.Name):
            if node.value.id in sys_names:
                return "sys.modules"
    if isinstance(node, ast.Call):
        return _dynamic_call(node)
    return None


def _dynamic_call(node: ast.Call) -> str | None:
    func = node.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name in _NAME_ARGUMENT:
        position = _NAME_ARGUMENT[name]
        if len(node.args) <= position or not _literal(node.args[position]):
            return f"{name} with a computed name"
    if name in _OPERATOR_GETTERS:
        if not node.args or not all(_literal(arg) for arg in node.args):
            return f"{name} with a computed name"
    return None


def _literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)
