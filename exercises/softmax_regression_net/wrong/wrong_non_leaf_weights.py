# Wrong: torch.normal(0, 1, ..., requires_grad=True) * 0.01 is a non-leaf tensor: backward leaves W.grad empty.
import torch

num_inputs, num_outputs = 784, 10
W = torch.normal(0, 1, size=(num_inputs, num_outputs), requires_grad=True) * 0.01
b = torch.zeros(num_outputs, requires_grad=True)


def softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(1, keepdim=True)


def net(X):
    return softmax(torch.matmul(X.reshape((-1, W.shape[0])), W) + b)
