"""Wrong: hands the work to torch.nn.functional.dropout, which the exercise asks you to implement."""

from torch.nn import functional as F


def dropout_layer(X, dropout):
    assert 0 <= dropout <= 1
    return F.dropout(X, dropout, training=True)
