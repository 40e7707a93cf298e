# Wrong: never calls net.eval(), so Dropout keeps dropping and BatchNorm normalises with batch statistics.
import torch


def evaluate_accuracy(net, data_iter):
    correct, total = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += float((net(X).argmax(dim=1).type(y.dtype) == y).sum())
            total += y.numel()
    return correct / total
