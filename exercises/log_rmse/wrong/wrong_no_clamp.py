# Wrong: takes the logarithm of the raw predictions: NaN for negative ones, -inf for zero.
import torch
from torch import nn

loss = nn.MSELoss()


def log_rmse(net, features, labels):
    # Clamp predictions to [1, inf) so that taking the logarithm is stable.
    clipped_preds = net(features)
    rmse = torch.sqrt(loss(torch.log(clipped_preds), torch.log(labels)))
    return rmse.item()
