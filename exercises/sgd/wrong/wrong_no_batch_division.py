# Wrong: forgets to divide by batch_size, so the step grows with the batch (the loss was summed).
import torch


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad
            param.grad.zero_()
