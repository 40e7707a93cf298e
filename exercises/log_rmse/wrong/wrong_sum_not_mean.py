# Wrong: sums the squared errors (reduction='sum') instead of averaging them.
import torch
from torch import nn

loss = nn.MSELoss(reduction="sum")


def log_rmse(net, features, labels):
    # Clamp predictions to [1, inf) so that taking the logarithm is stable.
    clipped_preds = torch.clamp(net(features), 1, float("inf"))
    rmse = torch.sqrt(loss(torch.log(clipped_preds), torch.log(labels)))
    return rmse.item()
