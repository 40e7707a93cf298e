"""Wrong: hands the indexing to torch.nn.functional.nll_loss, which the exercise asks you to write."""

import torch
from torch import nn


def cross_entropy(y_hat, y):
    return nn.functional.nll_loss(torch.log(y_hat), y, reduction="none")
