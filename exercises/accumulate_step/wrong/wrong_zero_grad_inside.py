# Wrong: calls optimizer.zero_grad() inside the loop, so only the last micro-batch's gradient reaches the step.
def accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size):
    batch_size = X.shape[0]
    total = 0.0
    for start in range(0, batch_size, micro_batch_size):
        X_micro, y_micro = X[start : start + micro_batch_size], y[start : start + micro_batch_size]
        optimizer.zero_grad()
        loss = loss_fn(model(X_micro), y_micro) * (X_micro.shape[0] / batch_size)
        loss.backward()
        total += loss.item()
    optimizer.step()
    return total
