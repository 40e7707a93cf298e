# Wrong: calls F.conv2d with the layer's weight and bias but forgets its padding, stride and dilation.
from torch.nn import functional as F


def comp_conv2d(conv2d, X):
    Y = F.conv2d(X.reshape((1, 1) + X.shape), conv2d.weight, conv2d.bias)
    return Y.reshape(Y.shape[2:])
