# Wrong: updates outside torch.no_grad(): an in-place change of a leaf that requires grad raises RuntimeError.


def sgd(params, lr, batch_size):
    for param in params:
        param -= lr * param.grad / batch_size
        param.grad.zero_()
