"""A returned nn.Module as plain data: its layer tree, each layer's hyperparameters and parameter shapes.

An exercise such as `vgg_block(num_convs, in_channels, out_channels) -> nn.Sequential` returns a
module, which cannot cross the sandbox as an object. `to_plain` sends this summary instead:

    {"name": "", "type": "Sequential", "training": True, "parameter_count": 38720,
     "config": {}, "parameters": {},
     "children": [{"name": "0", "type": "Conv2d", "config": {"in_channels": 3, "out_channels": 64,
                   "kernel_size": (3, 3), "stride": (1, 1), "padding": (1, 1), ...},
                   "parameters": {"weight": [64, 3, 3, 3], "bias": [64]}, "children": [], ...}, ...]}

`config` holds the plain entries of the class's `__constants__` (torch lists there the
hyperparameters of its layers: kernel_size, stride, padding, in_features, p, eps, ...).
The `forward=[inputs]` call option runs the module itself on inputs in the child.
"""

from __future__ import annotations

from typing import TypedDict

from torch import nn

MAX_MODULES = 2_000  # a bigger tree is refused rather than sent (the reply stays bounded)
_PLAIN_CONFIG = (bool, int, float, str, type(None))


class ModuleSummary(TypedDict):
    name: str  # the attribute name in the parent module ("" for the returned module)
    type: str  # the class name: "Conv2d", "ReLU", or the learner's own class
    training: bool
    parameter_count: int  # elements of every parameter, children included
    config: dict[str, object]
    parameters: dict[str, list[int]]  # the module's own parameters: name -> shape
    children: list[ModuleSummary]


class TooManyModules(ValueError):
    """The module tree has more than MAX_MODULES modules."""


def summarise_module(module: nn.Module) -> ModuleSummary:
    """The summary of `module` and all its submodules (raises TooManyModules beyond MAX_MODULES)."""
    count = sum(1 for _ in zip(module.modules(), range(MAX_MODULES + 1), strict=False))
    if count > MAX_MODULES:
        raise TooManyModules(f"a module with more than {MAX_MODULES} submodules")
    return _summary("", module)


def _summary(name: str, module: nn.Module) -> ModuleSummary:
    return {
        "name": name,
        "type": type(module).__name__,
        "training": bool(module.training),
        "parameter_count": sum(parameter.numel() for parameter in module.parameters()),
        "config": _config(module),
        "parameters": {
            key: [int(size) for size in parameter.shape]
            for key, parameter in module.named_parameters(recurse=False)
        },
        "children": [_summary(key, child) for key, child in module.named_children()],
    }


def _config(module: nn.Module) -> dict[str, object]:
    config: dict[str, object] = {}
    for key in getattr(type(module), "__constants__", ()):
        value = getattr(module, str(key), None)
        if isinstance(value, _PLAIN_CONFIG) or (
            isinstance(value, tuple) and all(isinstance(item, _PLAIN_CONFIG) for item in value)
        ):
            config[str(key)] = value
    return config
