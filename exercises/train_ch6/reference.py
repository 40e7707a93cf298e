"""Reference solution of train_ch6 (never shown to learners, never visible to a submission)."""

import torch
from torch import nn


def evaluate_accuracy(net, data_iter, device):
    net.eval()
    correct, total = 0, 0
    with torch.no_grad():
        for X, y in data_iter:
            X, y = X.to(device), y.to(device)
            correct += int((net(X).argmax(dim=1) == y).sum())
            total += y.numel()
    return correct / total


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    def init_weights(m):
        if type(m) == nn.Linear or type(m) == nn.Conv2d:
            nn.init.xavier_uniform_(m.weight)

    net.apply(init_weights)
    net.to(device)
    optimizer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss()
    for epoch in range(num_epochs):
        net.train()
        loss_sum, correct, count = 0.0, 0, 0
        for X, y in train_iter:
            optimizer.zero_grad()
            X, y = X.to(device), y.to(device)
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            optimizer.step()
            with torch.no_grad():
                loss_sum += float(l) * X.shape[0]
                correct += int((y_hat.argmax(dim=1) == y).sum())
                count += X.shape[0]
        test_acc = evaluate_accuracy(net, test_iter, device)
        print(
            f"epoch {epoch + 1}: loss {loss_sum / count:.3f}, train acc {correct / count:.3f}, "
            f"test acc {test_acc:.3f}"
        )
