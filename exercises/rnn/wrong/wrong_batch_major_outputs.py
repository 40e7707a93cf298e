# Wrong: stacks the steps on dim 1 and flattens, so rows are batch-major and misaligned with Y.T.reshape(-1).
import torch


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    (H,) = state
    outputs = []
    for X in inputs:
        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)
        outputs.append(H @ W_hq + b_q)
    return torch.stack(outputs, dim=1).reshape(-1, W_hq.shape[1]), (H,)
