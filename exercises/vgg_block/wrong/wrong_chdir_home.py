# Wrong: os.chdir into the author's own home directory at import (the notes' line): fails everywhere else.
import os

from torch import nn

os.chdir("/home/zhangsan/d2l-zh/pytorch")


def vgg_block(num_convs, in_channels, out_channels):
    layers = []
    for _ in range(num_convs):
        layers.append(nn.Conv2d(in_channels, out_channels, kernel_size=3, padding=1))
        layers.append(nn.ReLU())
        in_channels = out_channels
    layers.append(nn.MaxPool2d(kernel_size=2, stride=2))
    return nn.Sequential(*layers)
