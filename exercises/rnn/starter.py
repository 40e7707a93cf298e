import torch


def rnn(inputs, state, params):
    """d2l-zh's scratch RNN: run the hidden state over every time step and predict at each one.

    inputs: (num_steps, batch_size, vocab_size) one-hot; state: the tuple (H,) with H (batch_size, num_hiddens);
    params: [W_xh (vocab, hiddens), W_hh (hiddens, hiddens), b_h (hiddens,), W_hq (hiddens, vocab), b_q (vocab,)].
    Returns (outputs, (H,)): outputs (num_steps * batch_size, vocab_size), time-major, and the last H.
    """
    W_xh, W_hh, b_h, W_hq, b_q = params
    (H,) = state
    raise NotImplementedError
