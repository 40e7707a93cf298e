# Wrong: the notes' typo indices[i, min(...)] (a comma instead of a colon) indexes a list with a tuple: TypeError.
import random

import torch


def data_iter(batch_size, features, labels):
    num_examples = len(labels)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i, min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]
