# Wrong: calls backward() on each micro-batch's mean loss without weighting it: the gradient is k times too large.
def accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size):
    batch_size = X.shape[0]
    optimizer.zero_grad()
    total = 0.0
    for start in range(0, batch_size, micro_batch_size):
        X_micro, y_micro = X[start : start + micro_batch_size], y[start : start + micro_batch_size]
        loss = loss_fn(model(X_micro), y_micro)
        loss.backward()
        total += loss.item() * X_micro.shape[0] / batch_size
    optimizer.step()
    return total
