# Wrong: converts with .numpy(), which raises for scores that require grad.
import numpy as np


def accuracy(y_hat, y):
    y_hat, y = y_hat.numpy(), y.numpy()
    if y_hat.ndim > 1 and y_hat.shape[1] > 1:
        y_hat = y_hat.argmax(axis=1)
    return float(np.sum(y_hat.astype(y.dtype) == y))
