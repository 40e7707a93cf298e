# Wrong: `param = param - ...` rebinds the loop variable, so the caller's tensors never change.
import torch


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param = param - lr * param.grad / batch_size
            param.grad = None
