"""Reference solution of comp_conv2d (never shown to learners, never visible to a submission)."""


def comp_conv2d(conv2d, X):
    X = X.reshape((1, 1) + X.shape)
    Y = conv2d(X)
    return Y.reshape(Y.shape[2:])
