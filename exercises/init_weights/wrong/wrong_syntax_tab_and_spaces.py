# Wrong (the notes' bug): the body of init_weights is indented with spaces and a tab; here the mix is inconsistent: TabError.
from torch import nn


def init_weights(m):
    if type(m) == nn.Linear:
	nn.init.normal_(m.weight, std=0.01)
