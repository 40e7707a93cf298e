# Wrong: never calls updater.zero_grad(), so each batch's gradient is added to the previous ones.
import torch


def train_epoch_ch3(net, train_iter, loss, updater):
    if isinstance(net, torch.nn.Module):
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
        loss_sum += float(l.sum())
        correct += float((y_hat.argmax(dim=1).type(y.dtype) == y).sum())
        count += y.numel()
    return loss_sum / count, correct / count
