import collections
import math


def bleu(pred_seq, label_seq, k):
    """d2l's BLEU of one predicted sequence against one label sequence, as a Python float.

    pred_seq, label_seq: space-separated token strings. k: the longest n-gram to match.
    exp(min(0, 1 - len_label / len_pred)) * prod over n = 1..min(k, len_pred) of p_n ** (1 / 2**n),
    p_n = clipped n-gram matches / (len_pred - n + 1).
    """
    raise NotImplementedError
