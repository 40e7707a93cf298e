# Wrong: never zeroes the gradients, so the next backward adds to this batch's gradient.
import torch


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
