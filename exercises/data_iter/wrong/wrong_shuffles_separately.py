# Wrong: shuffles features and labels with two different permutations, so X and y no longer match.
import torch


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    features = features[torch.randperm(num_examples)]
    labels = labels[torch.randperm(num_examples)]
    for i in range(0, num_examples, batch_size):
        yield features[i : i + batch_size], labels[i : i + batch_size]
