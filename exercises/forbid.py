"""Where a submission's source refers to what its exercise forbids ("implement it yourself" rules).

exercise.yaml's `forbid:` lists dotted names (`torch.nn.functional.dropout`, `torch.nn.Dropout`,
`torch.Tensor.softmax`). The trusted parent decides from the source
alone (`verdict_uses`): a reference to a forbidden name costs the points whatever the child
reports (the child is the learner's process and its report can be forged or silenced), and a
name that only ran inside a library never does. What defeats this analysis (computed names,
dynamic imports) is refused by `dlprep.exercises.forbid_dynamic`.

Resolution follows imports and simple aliases: `import torch.nn.functional as F` then
`F.dropout`, `from torch.nn import functional`, `from torch import nn` then `nn.Dropout`,
`drop = F.dropout`. A `torch.Tensor.<method>` rule matches any `.method` attribute (the
receiver's type is unknown statically), `getattr(F, "dropout")` reads as `F.dropout`, and a
bare string constant equal to a forbidden name's last part counts only when the child's report
hints that the name ran (alone it may be a label). No torch here.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

TENSOR_PREFIX = "torch.Tensor."


@dataclass(frozen=True)
class ForbiddenUse:
    """A forbidden name found in the source, and the first line that refers to it."""

    name: str
    line: int


def forbidden_uses(source: str, forbid: Sequence[str], strings: bool = True) -> list[ForbiddenUse]:
    """Every name of `forbid` the source refers to (first line each), in `forbid`'s order.

    `strings=False` leaves out bare string constants ("dropout" alone proves nothing: it may be
    a label); names, attributes and `getattr(x, "literal")` count either way.
    """
    if not forbid:
        return []
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    lines = _first_lines(tree, tuple(forbid), strings)
    return [ForbiddenUse(name, lines[name]) for name in forbid if name in lines]


def confirmed(source: str, forbid: Sequence[str], ran: Sequence[str]) -> list[ForbiddenUse]:
    """The names the child says ran that the source also refers to (strings included)."""
    wanted = [name for name in forbid if name in set(ran)]
    return forbidden_uses(source, wanted)


def verdict_uses(source: str, forbid: Sequence[str], ran: Sequence[str]) -> list[ForbiddenUse]:
    """What costs the points: every static reference (authoritative, whatever the child says),
    plus a bare string constant only when the child's report hints that name ran."""
    static = forbidden_uses(source, forbid, strings=False)
    seen = {use.name for use in static}
    hinted = [use for use in confirmed(source, forbid, ran) if use.name not in seen]
    by_name = {use.name: use for use in [*static, *hinted]}
    return [by_name[name] for name in forbid if name in by_name]


def verdict_message(uses: Sequence[ForbiddenUse]) -> str:
    """The learner's verdict (English; `dlprep.grader.messages` has the Chinese)."""
    return "\n".join(
        f"calls {use.name}, which this exercise asks you to implement (found on line {use.line})"
        for use in uses
    )


def _first_lines(tree: ast.Module, forbid: tuple[str, ...], strings: bool) -> dict[str, int]:
    aliases = _aliases(tree)
    found: dict[str, int] = {}
    methods = {
        name[len(TENSOR_PREFIX) :]: name for name in forbid if name.startswith(TENSOR_PREFIX)
    }
    last_parts: dict[str, list[str]] = {}
    for name in forbid:
        last_parts.setdefault(name.rsplit(".", 1)[1], []).append(name)
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        hits: list[str] = []
        if isinstance(node, (ast.Name, ast.Attribute, ast.Call)):
            dotted = _resolve(node, aliases)
            if dotted is not None:
                hits += [name for name in forbid if dotted == name or dotted.startswith(f"{name}.")]
            attr = node.attr if isinstance(node, ast.Attribute) else None
            attr = _getattr_name(node) if isinstance(node, ast.Call) else attr
            if attr in methods:
                hits.append(methods[attr])
        elif strings and isinstance(node, ast.Constant) and isinstance(node.value, str):
            if node.value in last_parts:
                hits += last_parts[node.value]
        for name in hits:
            found[name] = min(found.get(name, line), line)
    return found


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Local name -> the dotted name it stands for, from imports and `x = a.b.c` assignments."""
    aliases: dict[str, str] = {}
    nodes = sorted(
        (
            node
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom, ast.Assign))
        ),
        key=lambda node: node.lineno,
    )
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    root = alias.name.split(".")[0]
                    aliases[root] = root
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Assign) and isinstance(node.value, (ast.Name, ast.Attribute)):
            dotted = _resolve(node.value, aliases)
            for target in node.targets:
                if isinstance(target, ast.Name) and dotted is not None:
                    aliases[target.id] = dotted
    return aliases


def _getattr_name(node: ast.Call) -> str | None:
    """The literal name of `getattr(x, "name")` (a computed one is `forbid_dynamic`'s)."""
    if not (isinstance(node.func, ast.Name) and node.func.id == "getattr" and len(node.args) >= 2):
        return None
    name = node.args[1]
    return name.value if isinstance(name, ast.Constant) and isinstance(name.value, str) else None


def _resolve(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """The dotted name an expression stands for; `getattr(F, "dropout")` reads as `F.dropout`."""
    parts: list[str] = []
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Call):
            name = _getattr_name(node)
            if name is None:
                return None
            parts.append(name)
            node = node.args[0]
        else:
            parts.append(node.attr)
            node = node.value
    if not isinstance(node, ast.Name) or node.id not in aliases:
        return None
    return ".".join([aliases[node.id], *reversed(parts)])
