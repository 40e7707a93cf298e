# Wrong: writes each new hidden state into the caller's initial H (H.copy_), modifying the state passed in.
import torch


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    (H,) = state
    H = H.detach()
    outputs = []
    for X in inputs:
        H = H.copy_(torch.tanh(X @ W_xh + H @ W_hh + b_h))
        outputs.append(H @ W_hq + b_q)
    return torch.cat(outputs, dim=0), (H,)
