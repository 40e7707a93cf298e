# Wrong: calls torch.manual_seed(42) inside "for reproducibility", so every seed gives the same data.
import torch


def synthetic_data(w, b, num_examples):
    torch.manual_seed(42)
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))
