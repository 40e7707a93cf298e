# Wrong: calls net.eval() on every net, so a plain function net (d2l's from-scratch model) raises AttributeError.
import torch


def evaluate_accuracy(net, data_iter):
    net.eval()
    correct, total = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += float((net(X).argmax(dim=1).type(y.dtype) == y).sum())
            total += y.numel()
    return correct / total
