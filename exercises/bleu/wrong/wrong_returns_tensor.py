# Wrong: accumulates the score in a torch tensor and returns it instead of a Python float.
import collections

import torch


def bleu(pred_seq, label_seq, k):
    pred_tokens, label_tokens = pred_seq.split(" "), label_seq.split(" ")
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = torch.exp(torch.tensor(min(0.0, 1 - len_label / len_pred), dtype=torch.float64))
    for n in range(1, min(k, len_pred) + 1):
        label_counts = collections.Counter(
            tuple(label_tokens[i : i + n]) for i in range(len_label - n + 1)
        )
        pred_counts = collections.Counter(
            tuple(pred_tokens[i : i + n]) for i in range(len_pred - n + 1)
        )
        matches = sum(min(c, label_counts[g]) for g, c in pred_counts.items())
        score = score * (matches / (len_pred - n + 1)) ** (0.5**n)
    return score
