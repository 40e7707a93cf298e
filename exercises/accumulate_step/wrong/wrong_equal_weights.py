# Wrong: divides every micro-batch loss by the number of micro-batches k, also when the last one is smaller.
import math


def accumulate_step(model, loss_fn, optimizer, X, y, micro_batch_size):
    batch_size = X.shape[0]
    k = math.ceil(batch_size / micro_batch_size)
    optimizer.zero_grad()
    total = 0.0
    for start in range(0, batch_size, micro_batch_size):
        X_micro, y_micro = X[start : start + micro_batch_size], y[start : start + micro_batch_size]
        loss = loss_fn(model(X_micro), y_micro) / k
        loss.backward()
        total += loss.item()
    optimizer.step()
    return total
