# Wrong: returns y with shape (n,) instead of the column (n, 1); squared_loss would broadcast it to (n, n).
import torch


def synthetic_data(w, b, num_examples):
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y
