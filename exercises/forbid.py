"""Where a submission's source refers to what its exercise forbids ("implement it yourself" rules).

exercise.yaml's `forbid:` lists dotted names (`torch.nn.functional.dropout`, `torch.nn.Dropout`,
`torch.Tensor.softmax`). The child records which of them actually ran during a call; the
trusted parent confirms each from the source with this module before giving a verdict, so a
name that only ran inside a library (or a fake report from the child) never costs a point.

Resolution follows imports and simple aliases: `import torch.nn.functional as F` then
`F.dropout`, `from torch.nn import functional`, `from torch import nn` then `nn.Dropout`,
`drop = F.dropout`. A `torch.Tensor.<method>` rule matches any `.method` attribute (the
receiver's type is unknown statically), and a string constant equal to a forbidden name's
last part counts too (`getattr(F, "dropout")`). No torch here.
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


def forbidden_uses(source: str, forbid: Sequence[str]) -> list[ForbiddenUse]:
    """Every name of `forbid` the source refers to (first line each), in `forbid`'s order."""
    if not forbid:
        return []
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    lines = _first_lines(tree, tuple(forbid))
    return [ForbiddenUse(name, lines[name]) for name in forbid if name in lines]


def confirmed(source: str, forbid: Sequence[str], ran: Sequence[str]) -> list[ForbiddenUse]:
    """The names the child says ran that the source also refers to."""
    wanted = [name for name in forbid if name in set(ran)]
    return forbidden_uses(source, wanted)


def verdict_message(uses: Sequence[ForbiddenUse]) -> str:
    """The learner's verdict (English; `dlprep.grader.messages` has the Chinese)."""
    return "\n".join(
        f"calls {use.name}, which this exercise asks you to implement (found on line {use.line})"
        for use in uses
    )


def _first_lines(tree: ast.Module, forbid: tuple[str, ...]) -> dict[str, int]:
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
        if isinstance(node, (ast.Name, ast.Attribute)):
            dotted = _resolve(node, aliases)
            if dotted is not None:
                hits += [name for name in forbid if dotted == name or dotted.startswith(f"{name}.")]
            if isinstance(node, ast.Attribute) and node.attr in methods:
                hits.append(methods[node.attr])
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
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


def _resolve(node: ast.expr, aliases: dict[str, str]) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in aliases:
        return None
    return ".".join([aliases[node.id], *reversed(parts)])
