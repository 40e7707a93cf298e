# Wrong: builds the 1x1 conv inside forward: it is not registered (no conv3.* parameters) and is re-initialised on every call.
from torch import nn
from torch.nn import functional as F


class Residual(nn.Module):
    def __init__(self, input_channels, num_channels, use_1x1conv=False, strides=1):
        super().__init__()
        self.use_1x1conv = use_1x1conv
        self.shape = (input_channels, num_channels, strides)
        self.conv1 = nn.Conv2d(
            input_channels, num_channels, kernel_size=3, padding=1, stride=strides
        )
        self.conv2 = nn.Conv2d(num_channels, num_channels, kernel_size=3, padding=1)
        self.bn1 = nn.BatchNorm2d(num_channels)
        self.bn2 = nn.BatchNorm2d(num_channels)

    def forward(self, X):
        Y = F.relu(self.bn1(self.conv1(X)))
        Y = self.bn2(self.conv2(Y))
        if self.use_1x1conv:
            input_channels, num_channels, strides = self.shape
            X = nn.Conv2d(input_channels, num_channels, kernel_size=1, stride=strides)(X)
        return F.relu(Y + X)
