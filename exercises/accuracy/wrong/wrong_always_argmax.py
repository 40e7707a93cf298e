# Wrong: always takes argmax(axis=1), so already-predicted 1-D labels raise an error.


def accuracy(y_hat, y):
    return float((y_hat.argmax(axis=1).type(y.dtype) == y).sum())
