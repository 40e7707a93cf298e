import torch


def sgd(params, lr, batch_size):
    """One minibatch SGD step on every tensor in `params`, in place.

    Each param is a leaf tensor with requires_grad=True whose .grad holds the gradient of the
    batch's summed loss. Update param -= lr * grad / batch_size, then zero the grad.
    """
    raise NotImplementedError
