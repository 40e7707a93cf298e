"""Reference solution of squared_loss (never shown to learners, never visible to a submission)."""


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2
