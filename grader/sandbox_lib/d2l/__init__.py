"""dlprep's small stand-in for the `d2l` package, so `from d2l import torch as d2l` works in the sandbox.

Only `d2l.torch` exists; see its docstring for what it provides.
"""
