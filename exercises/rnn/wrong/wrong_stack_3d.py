# Wrong: torch.stack(outputs) gives a 3-D (num_steps, batch, vocab) tensor instead of concatenating on dim 0.
import torch


def rnn(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    (H,) = state
    outputs = []
    for X in inputs:
        H = torch.tanh(X @ W_xh + H @ W_hh + b_h)
        outputs.append(H @ W_hq + b_q)
    return torch.stack(outputs), (H,)
