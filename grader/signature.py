"""Does the learner's entry accept the call the exercise makes? Compared from plain-data descriptions.

The child reports the entry's parameters (name, kind, has_default); the exercise states the
d2l signature, e.g. "batch_norm(X, gamma, beta, moving_mean, moving_var, eps, momentum)".
The entry must accept that many positional arguments (names may differ, extra parameters
need defaults).
"""

from __future__ import annotations

import ast
import inspect

from dlprep.grader.errors import BadSignature

_KINDS = {
    "POSITIONAL_ONLY": inspect.Parameter.POSITIONAL_ONLY,
    "POSITIONAL_OR_KEYWORD": inspect.Parameter.POSITIONAL_OR_KEYWORD,
    "VAR_POSITIONAL": inspect.Parameter.VAR_POSITIONAL,
    "KEYWORD_ONLY": inspect.Parameter.KEYWORD_ONLY,
    "VAR_KEYWORD": inspect.Parameter.VAR_KEYWORD,
}


def expected_parameters(signature: str) -> list[str]:
    """Parameter names of a signature string such as "dropout_layer(X, dropout)"."""
    try:
        tree = ast.parse(f"def {signature.strip()}: pass")
    except SyntaxError:
        raise ValueError(f"exercise signature {signature!r} is not a Python signature") from None
    function = tree.body[0]
    assert isinstance(function, ast.FunctionDef)
    arguments = function.args
    return [argument.arg for argument in arguments.posonlyargs + arguments.args]


def check_signature(entry: str, signature: str, parameters: object) -> None:
    """Raise BadSignature if a function with `parameters` cannot be called as `signature`."""
    if parameters is None:
        return  # not introspectable (e.g. a builtin): the calls will tell
    expected = expected_parameters(signature)
    try:
        actual = _rebuild(parameters)
    except Exception:  # the child's description is hostile data: any malformation is this verdict
        raise BadSignature(
            f"{entry}: its parameters could not be read; expected {signature}"
        ) from None
    try:
        actual.bind(*expected)
    except TypeError as error:
        raise BadSignature(f"{entry}{actual} cannot be called as {signature}: {error}") from None


def _rebuild(parameters: object) -> inspect.Signature:
    if not isinstance(parameters, list):
        raise TypeError("parameters must be a list")
    rebuilt = []
    for description in parameters:
        name = str(description["name"])
        if not name.isidentifier():
            raise ValueError(f"bad parameter name {name!r}")
        default = None if description["has_default"] else inspect.Parameter.empty
        rebuilt.append(inspect.Parameter(name, _KINDS[str(description["kind"])], default=default))
    return inspect.Signature(rebuilt)
