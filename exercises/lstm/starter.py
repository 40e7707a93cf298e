import torch


def lstm(inputs, state, params):
    """d2l-zh's scratch LSTM: gates, memory cell and hidden state over every time step.

    inputs: (num_steps, batch_size, vocab_size) one-hot; state: the tuple (H, C), each (batch_size, num_hiddens).
    params: [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q].
    Returns (outputs, (H, C)): outputs (num_steps * batch_size, vocab_size), time-major.
    """
    [W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q] = params
    (H, C) = state
    raise NotImplementedError
