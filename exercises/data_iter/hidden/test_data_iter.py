"""Hidden tests of data_iter(batch_size, features, labels): d2l's shuffled minibatch generator.

The generator is drained in the sandbox (`iterate=`, at most MAX_BATCHES items). Row i of
the features is [2i, 2i + 1] and label i is i, so every batch shows which examples it holds
and whether features and labels stayed aligned. Shuffling is checked on 100 examples: a
correct uniform shuffle gives one particular order with probability 1/100! ≈ 1e-158, so the
"order changed" and "seeds differ" tests cannot fail on a correct implementation.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor

MAX_BATCHES = 1000


def dataset(n):
    features = torch.arange(2 * n, dtype=torch.float32).reshape(n, 2)
    labels = torch.arange(n, dtype=torch.float32).reshape(n, 1)
    return features, labels


def run(student, batch_size, n, seed=0):
    """The batches of one pass, each checked for shape, dtype and alignment; and the outcome."""
    features, labels = dataset(n)
    outcome = student.call(
        "data_iter", batch_size, features, labels, seed=seed, iterate=MAX_BATCHES
    )
    assert isinstance(outcome.value, list), "data_iter must return something to iterate over"
    batches = []
    for index, batch in enumerate(outcome.value):
        assert isinstance(batch, (tuple, list)) and len(batch) == 2, (
            f"batch {index} is not an (X, y) pair"
        )
        X = assert_tensor(batch[0], dtype=torch.float32, what=f"X of batch {index}")
        y = assert_tensor(batch[1], dtype=torch.float32, what=f"y of batch {index}")
        assert X.dim() == 2 and X.shape[1] == 2, f"X of batch {index} has shape {tuple(X.shape)}"
        assert_tensor(y, shape=(X.shape[0], 1), what=f"y of batch {index}")
        assert_close(
            X[:, 0],
            2 * y[:, 0],
            rtol=0,
            atol=0,
            what=f"X[:, 0] vs 2 * y in batch {index} (features and labels out of step)",
        )
        batches.append((X, y))
    return batches, outcome


def order(batches):
    return torch.cat([y.reshape(-1) for _, y in batches]).long()


@pytest.mark.describe(
    en="100 examples in batches of 10: ten batches of shapes (10, 2) and (10, 1), features and labels aligned",
    zh="100 个样本、批量大小 10：10 个形状为 (10, 2) 和 (10, 1) 的批量，特征与标签对齐",
)
@pytest.mark.concepts("data-data-iter-scratch")
def test_batches_of_batch_size(student):
    batches, _ = run(student, 10, 100, seed=1)
    assert [len(X) for X, _ in batches] == [10] * 10


@pytest.mark.describe(
    en="Every example appears exactly once per pass",
    zh="每遍历一次，每个样本恰好出现一次",
)
def test_every_example_exactly_once(student):
    batches, _ = run(student, 7, 50, seed=2)
    seen = order(batches)
    assert_close(
        seen.sort().values,
        torch.arange(50),
        rtol=0,
        atol=0,
        what="the sorted labels seen in one pass",
    )


@pytest.mark.describe(
    en="103 examples in batches of 10: ten full batches and a last batch of 3 (not dropped)",
    zh="103 个样本、批量大小 10：10 个完整批量，最后一个批量有 3 个样本（不丢弃）",
)
@pytest.mark.concepts("data-dataloader-batch-count")
def test_last_batch_is_smaller(student):
    batches, _ = run(student, 10, 103, seed=3)
    assert [len(X) for X, _ in batches] == [10] * 10 + [3]
    assert_close(
        order(batches).sort().values,
        torch.arange(103),
        rtol=0,
        atol=0,
        what="the sorted labels seen in one pass",
    )


@pytest.mark.describe(
    en="batch_size larger than the data set gives one batch of all examples",
    zh="batch_size 大于数据集大小时，只有一个包含全部样本的批量",
)
def test_batch_larger_than_data(student):
    batches, _ = run(student, 64, 5, seed=4)
    assert [len(X) for X, _ in batches] == [5]


@pytest.mark.describe(
    en="The order is shuffled: 100 examples do not come out as 0, 1, ..., 99",
    zh="顺序被打乱：100 个样本不会按 0, 1, ..., 99 的顺序出现",
)
@pytest.mark.concepts("data-shuffle-train-not-test")
def test_order_is_shuffled(student):
    batches, _ = run(student, 10, 100, seed=5)
    assert not torch.equal(order(batches), torch.arange(100)), (
        "the examples come out in their original order"
    )


@pytest.mark.describe(
    en="The same seed gives the same order, another seed another order (no fixed seed inside)",
    zh="相同的种子得到相同的顺序，不同的种子得到不同的顺序（函数内不固定种子）",
)
def test_order_is_reproducible_and_depends_on_the_seed(student):
    first, again, other = (order(run(student, 10, 100, seed=seed)[0]) for seed in (6, 6, 7))
    assert_close(again, first, rtol=0, atol=0, what="the order of a second pass with the same seed")
    assert not torch.equal(first, other), "two different seeds gave the same order"


@pytest.mark.describe(
    en="data_iter is a generator: it yields batches lazily instead of returning a list",
    zh="data_iter 是生成器：惰性地 yield 批量，而不是返回一个列表",
)
@pytest.mark.concepts("data-data-iter-scratch")
def test_is_a_generator(student):
    batches, outcome = run(student, 10, 30, seed=8)
    assert [len(X) for X, _ in batches] == [10] * 3
    assert outcome.iterator is True, (
        "data_iter returned a built container: use `yield` to produce the batches one at a time"
    )
