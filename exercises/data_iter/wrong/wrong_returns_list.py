# Wrong: builds and returns the list of every batch instead of yielding them (not a generator).
import random

import torch


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    batches = []
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i : min(i + batch_size, num_examples)])
        batches.append((features[batch_indices], labels[batch_indices]))
    return batches
