# Wrong: stores W as (10, 784), nn.Linear's layout, and multiplies by W.T: d2l's W is (784, 10).
import torch

num_inputs, num_outputs = 784, 10
W = torch.normal(0, 0.01, size=(num_outputs, num_inputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)


def softmax(X):
    X_exp = torch.exp(X - X.max(dim=1, keepdim=True).values)
    return X_exp / X_exp.sum(1, keepdim=True)


def net(X):
    return softmax(torch.matmul(X.reshape((-1, num_inputs)), W.T) + b)
