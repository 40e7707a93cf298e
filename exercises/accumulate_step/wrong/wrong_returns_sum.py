# Wrong: steps correctly but returns the .item() of the sum of the unweighted micro-batch means (k times too large).
def accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size):
    batch_size = X.shape[0]
    optimizer.zero_grad()
    losses = []
    for start in range(0, batch_size, micro_batch_size):
        X_micro, y_micro = X[start : start + micro_batch_size], y[start : start + micro_batch_size]
        loss = loss_fn(model(X_micro), y_micro)
        (loss * (X_micro.shape[0] / batch_size)).backward()
        losses.append(loss.detach())
    optimizer.step()
    return sum(losses).item()
