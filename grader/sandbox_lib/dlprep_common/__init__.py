"""Code both sides of the sandbox need, in one neutral place: the wire codec and framing, the
message shapes, LeNet, and FashionMNIST loading.

Imported inside the sandbox as `dlprep_common` and by the trusted parent as
`dlprep.grader.sandbox_lib.dlprep_common`, so every import here is relative, and nothing here
imports `dlprep` or the child library (`dlprep_child`, `d2l`): an import contract says so.
"""
