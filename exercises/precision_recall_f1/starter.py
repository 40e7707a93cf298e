def precision_recall_f1(y_true, y_pred, average="binary", pos_label=1):
    """Precision, recall and F1 of predicted class labels, as three Python floats.

    y_true, y_pred: sequences of class labels of equal length (list, NumPy array or 1-D tensor).
    average: 'binary' (the class pos_label only), 'macro' (unweighted mean over the classes that
    occur in y_true or y_pred) or 'micro' (from the summed counts). A 0 / 0 counts as 0.
    """
    raise NotImplementedError
