# Wrong: counts every predicted n-gram that occurs in the label, without clipping ('A B B C D' gets p1 = 5/5).
import math


def bleu(pred_seq, label_seq, k):
    pred_tokens, label_tokens = pred_seq.split(" "), label_seq.split(" ")
    len_pred, len_label = len(pred_tokens), len(label_tokens)
    score = math.exp(min(0, 1 - len_label / len_pred))
    for n in range(1, min(k, len_pred) + 1):
        label_grams = {tuple(label_tokens[i : i + n]) for i in range(len_label - n + 1)}
        grams = [tuple(pred_tokens[i : i + n]) for i in range(len_pred - n + 1)]
        matches = sum(gram in label_grams for gram in grams)
        score *= math.pow(matches / (len_pred - n + 1), math.pow(0.5, n))
    return score
