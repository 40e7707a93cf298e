import torch
from d2l import torch as d2l
from torch import nn


def train_ch6(net, train_iter, test_iter, num_epochs, lr, device):
    """Train `net` in place with SGD and cross-entropy on `device` (d2l chapter 6.6).

    1. Initialise the weights of every nn.Linear and nn.Conv2d with nn.init.xavier_uniform_.
    2. Move the net to `device`; create torch.optim.SGD(net.parameters(), lr=lr) and
       nn.CrossEntropyLoss().
    3. For each epoch: net.train(); for each (X, y) in train_iter: zero the gradients, move X
       and y to `device`, compute the loss, backward, step. Then report the test accuracy
       (d2l.evaluate_accuracy_gpu(net, test_iter)).
    Optional: `animator = d2l.Animator(xlabel="epoch")` and, after each epoch,
    `animator.add(epoch + 1, (train_loss, train_acc, test_acc))` shows your loss in dlprep.
    """
    raise NotImplementedError
