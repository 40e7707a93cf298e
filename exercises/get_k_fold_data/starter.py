import torch


def get_k_fold_data(k, i, X, y):
    """Fold i (0-based) of k as validation data, the other k - 1 folds as training data.

    Each fold has n // k consecutive rows (fold j is rows j * fold_size to (j + 1) * fold_size);
    the n % k rows left over at the end are not used. Returns (X_train, y_train, X_valid, y_valid).
    """
    assert k > 1
    # Your code here: fold_size = X.shape[0] // k; loop over the k folds, keep fold i for
    # validation and concatenate the others, in order, with torch.cat(..., 0) for training.
    raise NotImplementedError
