# Wrong: uses X.shape[0] for both output dimensions, so only square X gives the right shape.
import torch


def corr2d(X, K):
    h, w = K.shape
    n = X.shape[0]
    Y = torch.zeros((n - h + 1, n - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K).sum()
    return Y
