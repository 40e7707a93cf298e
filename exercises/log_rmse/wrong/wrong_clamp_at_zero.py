# Wrong: clamps at 0 instead of 1, so a zero or negative prediction gives log(0) = -inf.
import torch
from torch import nn

loss = nn.MSELoss()


def log_rmse(net, features, labels):
    # Clamp predictions to [1, inf) so that taking the logarithm is stable.
    clipped_preds = torch.clamp(net(features), 0, float("inf"))
    rmse = torch.sqrt(loss(torch.log(clipped_preds), torch.log(labels)))
    return rmse.item()
