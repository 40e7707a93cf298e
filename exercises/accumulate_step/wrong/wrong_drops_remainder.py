# Wrong: makes len(X) // micro_batch_size micro-batches, dropping the smaller last one (and all of them when micro_batch_size > len(X)).
def accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size):
    k = X.shape[0] // micro_batch_size
    optimizer.zero_grad()
    total = 0.0
    for index in range(k):
        start = index * micro_batch_size
        X_micro, y_micro = X[start : start + micro_batch_size], y[start : start + micro_batch_size]
        loss = loss_fn(model(X_micro), y_micro) / k
        loss.backward()
        total += loss.item()
    optimizer.step()
    return total
