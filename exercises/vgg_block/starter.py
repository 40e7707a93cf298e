from torch import nn


def vgg_block(num_convs, in_channels, out_channels):
    """num_convs x (3x3 convolution with padding 1, then ReLU), then a 2x2 max-pool with stride 2.

    The first convolution maps in_channels -> out_channels, the others out_channels -> out_channels.
    Return the layers as one nn.Sequential.
    """
    raise NotImplementedError
