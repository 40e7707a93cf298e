# Wrong: averages the per-batch mean losses and accuracies, so a small last batch weighs as much as a full one.
import torch


def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
        net.train()
    loss_sum, acc_sum, batches = 0.0, 0.0, 0
    for X, y in train_iter:
        y_hat = net(X)
        l = loss(y_hat, y)
        if isinstance(updater, torch.optim.Optimizer):
            updater.zero_grad()
            l.mean().backward()
            updater.step()
        else:
            l.sum().backward()
            updater(X.shape[0])
        loss_sum += float(l.mean())
        acc_sum += float((y_hat.argmax(dim=1).type(y.dtype) == y).sum()) / y.numel()
        batches += 1
    return loss_sum / batches, acc_sum / batches
