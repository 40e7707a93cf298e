# Wrong: named VGG_block(num_conv, in_channel, out_channel) as in the notes; the d2l name vgg_block is missing.
from torch import nn


def VGG_block(num_conv, in_channel, out_channel):
    layers = []
    for _ in range(num_conv):
        layers.append(nn.Conv2d(in_channel, out_channel, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channel = out_channel
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)
