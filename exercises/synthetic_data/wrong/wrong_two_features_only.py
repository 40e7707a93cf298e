# Wrong: hard-codes two features (d2l's example), so w of any other length fails.
import torch


def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, 2))
    y = X[:, 0] * w[0] + X[:, 1] * w[1] + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))
