import torch


def init_adam_states(feature_dim):
    """Zero first- and second-moment states for the weights (feature_dim, 1) and the bias (1,).

    Returns ((v_w, s_w), (v_b, s_b)).
    """
    # Your code here.
    raise NotImplementedError


def adam(params, states, hyperparams):
    """One Adam step on every parameter, in place; hyperparams holds 'lr' and the step count 't'.

    Use beta1 = 0.9, beta2 = 0.999, eps = 1e-6. Update the states in place, zero each
    parameter's gradient, and increase hyperparams['t'] by 1.
    """
    # Your code here: beta1, beta2, eps = 0.9, 0.999, 1e-6, then
    # for p, (v, s) in zip(params, states): ...
    raise NotImplementedError
