# Wrong: the notes' naive form torch.exp(X) without subtracting the row maximum: logits near 1000 give inf / inf = NaN.
import torch


def softmax(X):
    X_exp = torch.exp(X)
    partition = X_exp.sum(1, keepdim=True)
    return X_exp / partition
