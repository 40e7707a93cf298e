# Wrong: never zeroes the gradients, so every step adds up all the gradients seen so far.

import torch
from torch import nn


def evaluate_accuracy(net, data_iter):
    if isinstance(net, nn.Module):
        net.eval()
    correct, total = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            correct += float((net(X).argmax(dim=1).type(y.dtype) == y).sum())
            total += y.numel()
    return correct / total


def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, nn.Module):
        net.train()
    loss_sum, correct, count = 0.0, 0.0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        loss_sum += float(l.detach().sum())
        correct += float((y_hat.argmax(dim=1).type(y.dtype) == y).sum())
        count += y.numel()
    return loss_sum / count, correct / count


def train_ch3(net, train_iter, test_iter, loss, num_epochs, updater):
    for epoch in range(num_epochs):
        train_loss, train_acc = train_epoch_ch3(net, train_iter, loss, updater)
        test_acc = evaluate_accuracy(net, test_iter)
        print(
            f"epoch {epoch + 1}: loss {train_loss:.3f}, train acc {train_acc:.3f}, test acc {test_acc:.3f}"
        )
