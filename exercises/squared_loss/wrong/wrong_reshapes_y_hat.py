# Wrong: reshapes y_hat to y's shape instead of y to y_hat's, so a vector y gives a loss of shape (n,).


def squared_loss(y_hat, y):
    return (y_hat.reshape(y.shape) - y) ** 2 / 2
