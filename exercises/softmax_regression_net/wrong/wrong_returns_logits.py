# Wrong: forgets the softmax and returns the logits X @ W + b, whose rows do not sum to 1.
import torch

num_inputs, num_outputs = 784, 10
W = torch.normal(0, 0.01, size=(num_inputs, num_outputs), requires_grad=True)
b = torch.zeros(num_outputs, requires_grad=True)


def net(X):
    return torch.matmul(X.reshape((-1, W.shape[0])), W) + b
