# Wrong: removes the leading dimensions with Y.squeeze(), which also drops output dimensions of size 1.


def comp_conv2d(conv2d, X):
    Y = conv2d(X.reshape((1, 1) + X.shape))
    return Y.squeeze()
