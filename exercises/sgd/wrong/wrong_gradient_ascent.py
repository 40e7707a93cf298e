# Wrong: adds the gradient (+=), which climbs the loss instead of descending it.
import torch


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param += lr * param.grad / batch_size
            param.grad.zero_()
