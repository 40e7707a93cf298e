# Wrong: draws the noise from N(0, 1) instead of N(0, 0.01^2).
import torch


def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 1, y.shape)
    return X, y.reshape((-1, 1))
