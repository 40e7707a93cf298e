# Wrong: flattens with X.reshape(N, H * W) from the image dimensions, so flat (N, 784) inputs fail.
import torch

num_inputs, num_outputs = 784, 10
W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)


def softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(1, keepdim=True)


def net(X):
    return softmax(torch.matmul(X.reshape(X.shape[0], X.shape[2] * X.shape[3]), W) + b)
