# Wrong: believes net.eval() means "no gradients" (the notes' comment) and drops torch.no_grad().
from torch import nn


def evaluate_accuracy(net, data_iter):
    if isinstance(net, nn.Module):
        net.eval()  # "不用计算梯度" -- but eval() does not stop autograd from recording a graph
    correct, total = 0.0, 0
    for X, y in data_iter:
        correct += float((net(X).argmax(dim=1).type(y.dtype) == y).sum())
        total += y.numel()
    return correct / total
