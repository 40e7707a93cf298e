# Wrong: uses log10 instead of the natural logarithm.
import torch
from torch import nn

loss = nn.MSELoss()


def log_rmse(net, features, labels):
    # Clamp predictions to [1, inf) so that taking the logarithm is stable.
    clipped_preds = torch.clamp(net(features), 1, float("inf"))
    rmse = torch.sqrt(loss(torch.log10(clipped_preds), torch.log10(labels)))
    return rmse.item()
