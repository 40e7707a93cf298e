"""The child library: files mounted into the sandbox and imported there as `dlprep_child` and `d2l`.

This __init__ exists only so that static tools see the folder as part of the tree and can
enforce that the trusted side never imports it (pyproject.toml, [tool.importlinter]).
"""
