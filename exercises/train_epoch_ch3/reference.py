"""Reference solution of train_epoch_ch3 (never shown to learners, never visible to a submission)."""

import torch


def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
        net.train()
    loss_sum, correct, count = 0.0, 0.0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)  # one loss per example
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()  # a built-in optimizer steps with the mean gradient
            updater.step()
        else:
            l.sum().backward()  # d2l's sgd divides the summed gradient by the batch size
            updater(X.shape[0])
        loss_sum += float(l.detach().sum())
        correct += float((y_hat.argmax(dim=1).type(y.dtype) == y).sum())
        count += y.numel()
    return loss_sum / count, correct / count
