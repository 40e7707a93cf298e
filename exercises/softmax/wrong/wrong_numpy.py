# Wrong: computes in NumPy and converts back: float32 becomes float64 and no gradient reaches X.
import numpy as np
import torch


def softmax(X):
    x = X.detach().numpy().astype(np.float64)
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return torch.from_numpy(e / e.sum(axis=1, keepdims=True))
