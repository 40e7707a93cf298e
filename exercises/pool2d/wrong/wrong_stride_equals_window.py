# Wrong: moves the window by its own size (nn.MaxPool2d's default stride), not by 1.
import torch


def pool2d(X, pool_size, mode="max"):
    p_h, p_w = pool_size
    Y = torch.zeros(((X.shape[0] - p_h) // p_h + 1, (X.shape[1] - p_w) // p_w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            window = X[i * p_h : i * p_h + p_h, j * p_w : j * p_w + p_w]
            Y[i, j] = window.max() if mode == "max" else window.mean()
    return Y
