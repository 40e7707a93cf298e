# Wrong: takes relu'(0) = 1 (Z >= 0), unlike autograd's 0.
import torch


def mlp_backward(X, y, W1, b1, W2, b2):
    n = X.shape[0]
    Z = X @ W1 + b1
    H = torch.clamp(Z, min=0)
    O = H @ W2 + b2
    exp = torch.exp(O - O.amax(dim=1, keepdim=True))
    P = exp / exp.sum(dim=1, keepdim=True)
    dO = (P - torch.nn.functional.one_hot(y, O.shape[1]).to(P.dtype)) / n
    dW2 = H.T @ dO
    db2 = dO.sum(dim=0)
    dH = dO @ W2.T
    dZ = dH * (Z >= 0).to(dH.dtype)
    dW1 = X.T @ dZ
    db1 = dZ.sum(dim=0)
    return {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
