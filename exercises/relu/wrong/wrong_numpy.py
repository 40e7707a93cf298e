# Wrong: computes with np.maximum on a detached copy: the values are right but no gradient reaches X.
import numpy as np
import torch


def relu(X):
    return torch.from_numpy(np.maximum(X.detach().numpy(), 0))
