# Wrong: unpacks K.shape as (width, height), so only square kernels work.
import torch


def corr2d(X, K):
    w, h = K.shape
    Y = torch.zeros((X.shape[0] - h + 1, X.shape[1] - w + 1))
    for i in range(Y.shape[0]):
        for j in range(Y.shape[1]):
            Y[i, j] = (X[i : i + h, j : j + w] * K[:h, :w]).sum()
    return Y
