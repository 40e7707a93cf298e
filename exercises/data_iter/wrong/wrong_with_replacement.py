# Wrong: draws each batch's indices at random with replacement, so some examples repeat and others are missed.
import torch


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    for i in range(0, num_examples, batch_size):
        size = min(batch_size, num_examples - i)
        batch_indices = torch.randint(0, num_examples, (size,))
        yield features[batch_indices], labels[batch_indices]
