# Wrong: sums all weighted micro-batch losses into one graph and calls backward once: right gradient, no memory saved.
def accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size):
    batch_size = X.shape[0]
    optimizer.zero_grad()
    total = 0
    for start in range(0, batch_size, micro_batch_size):
        X_micro, y_micro = X[start : start + micro_batch_size], y[start : start + micro_batch_size]
        total = total + loss_fn(model(X_micro), y_micro) * (X_micro.shape[0] / batch_size)
    total.backward()
    optimizer.step()
    return total.item()
