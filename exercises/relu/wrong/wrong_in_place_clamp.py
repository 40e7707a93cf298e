# Wrong: clamps X in place (X.clamp_), changing the caller's tensor.


def relu(X):
    return X.clamp_(min=0)
