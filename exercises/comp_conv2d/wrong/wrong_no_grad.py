# Wrong: runs the layer under torch.no_grad() "because we only want the shape", so no gradient reaches X.
import torch


def comp_conv2d(conv2d, X):
    with torch.no_grad():
        Y = conv2d(X.reshape((1, 1) + X.shape))
    return Y.reshape(Y.shape[2:])
