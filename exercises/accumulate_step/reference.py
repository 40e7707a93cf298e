"""Reference solution of accumulate_step (never shown to learners, never visible to a submission)."""


def accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size):
    batch_size = X.shape[0]
    optimizer.zero_grad()  # stale gradients must not leak into this step
    total = 0.0
    for start in range(0, batch_size, micro_batch_size):
        X_micro = X[start : start + micro_batch_size]
        y_micro = y[start : start + micro_batch_size]
        share = X_micro.shape[0] / batch_size  # the last micro-batch may be smaller
        loss = loss_fn(model(X_micro), y_micro) * share
        loss.backward()  # .grad sums the weighted means: the full-batch mean gradient
        total += loss.item()  # a float: this micro-batch's graph can be freed
    optimizer.step()
    return total
