"""Wrong: takes the log in place (log_), overwriting the caller's probabilities."""


def cross_entropy(y_hat, y):
    return -y_hat.log_()[range(len(y_hat)), y]
