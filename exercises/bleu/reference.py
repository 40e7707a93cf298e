"""Reference solution of bleu (never shown to learners, never visible to a submission)."""

import collections
import math


def bleu(pred_seq, label_seq, k):
    pred_tokens, label_tokens = pred_seq.split(" "), label_seq.split(" ")
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = math.exp(min(0.0, 1 - len_label / len_pred))
    for n in range(1, min(k, len_pred) + 1):
        label_counts = collections.Counter(
            tuple(label_tokens[i : i + n]) for i in range(len_label - n + 1)
        )
        pred_counts = collections.Counter(
            tuple(pred_tokens[i : i + n]) for i in range(len_pred - n + 1)
        )
        matches = sum(min(count, label_counts[gram]) for gram, count in pred_counts.items())
        score *= (matches / (len_pred - n + 1)) ** (0.5**n)
    return float(score)
