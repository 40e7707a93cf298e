# Wrong: draws with NumPy's unseeded generator: float64 arrays turned into tensors, not reproducible under torch.manual_seed.
import numpy as np
import torch


def synthetic_data(w, b, num_examples):
    X = torch.from_numpy(np.random.normal(0, 1, (num_examples, len(w)))).float()
    y = torch.matmul(X, w) + b
    y += torch.from_numpy(np.random.normal(0, 0.01, tuple(y.shape))).float()
    return X, y.reshape((-1, 1))
