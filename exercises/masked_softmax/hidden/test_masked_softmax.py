"""Hidden tests of masked_softmax(X, valid_lens): d2l's softmax over the keys with -1e6 masking.

Expected values come from torch.softmax in the grader, on scores masked key by key in a Python
loop (so the expectation does not share the learner's expansion of valid_lens).
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor

DTYPES = pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64], ids=["float32", "float64"]
)


def tolerance(dtype):
    return {"rtol": 0, "atol": 1e-6} if dtype == torch.float32 else {"rtol": 0, "atol": 1e-12}


def scores(batch, n_q, n_k, dtype=torch.float32, seed=0):
    generator = torch.Generator().manual_seed(seed)
    return (torch.randn(batch, n_q, n_k, generator=generator, dtype=torch.float64) * 2).to(dtype)


def per_query_lengths(valid_lens, batch, n_q):
    """valid_lens as a (batch, n_q) nested list: a (batch,) length is shared by its example's queries."""
    lens = torch.as_tensor(valid_lens).tolist()
    return [[lens[b]] * n_q if not isinstance(lens[b], list) else lens[b] for b in range(batch)]


def expected(X, valid_lens):
    masked = X.clone()
    batch, n_q, n_k = X.shape
    for b, row_lengths in enumerate(per_query_lengths(valid_lens, batch, n_q)):
        for q, length in enumerate(row_lengths):
            masked[b, q, int(length) :] = -1e6
    return torch.softmax(masked, dim=-1)


@pytest.mark.describe(
    en="The prompt's example: length 2 keeps softmax([1, 2]) then zeros, length 0 gives 0.25 everywhere",
    zh="题目中的示例：有效长度 2 保留 softmax([1, 2])、其余为 0，有效长度 0 处处为 0.25",
)
@pytest.mark.concepts("attention-masked-softmax-empty-row")
def test_worked_example(student):
    X = torch.tensor([[[1.0, 2.0, 3.0, 4.0]], [[0.0, 0.0, 0.0, 0.0]]])
    Y = student.masked_softmax(X, torch.tensor([2, 0]))
    assert_tensor(Y, shape=(2, 1, 4), dtype=torch.float32)
    want = torch.tensor([[[0.268941, 0.731059, 0.0, 0.0]], [[0.25, 0.25, 0.25, 0.25]]])
    assert_close(Y, want, rtol=0, atol=1e-6)


@DTYPES
@pytest.mark.describe(
    en="valid_lens = None is a plain softmax over the last axis (the keys), same shape and dtype",
    zh="valid_lens = None 时就是沿最后一个轴（键）的普通 softmax，形状和 dtype 不变",
)
@pytest.mark.concepts("attention-masked-softmax-valid-lens")
def test_no_mask_is_softmax_over_the_keys(student, dtype):
    X = scores(3, 4, 5, dtype)
    Y = assert_tensor(student.masked_softmax(X, None), shape=(3, 4, 5), dtype=dtype, device="cpu")
    assert_close(Y, torch.softmax(X, dim=-1), **tolerance(dtype))


@DTYPES
@pytest.mark.describe(
    en="d2l's example torch.tensor([2, 3]) on (2, 2, 4): keys past the length are below 1e-6, rows sum to 1",
    zh="d2l 的示例 torch.tensor([2, 3])、X 为 (2, 2, 4)：超出有效长度的键小于 1e-6，每行之和为 1",
)
@pytest.mark.concepts("attention-masked-softmax-example")
def test_one_length_per_example(student, dtype):
    X = scores(2, 2, 4, dtype, seed=1)
    Y = assert_tensor(student.masked_softmax(X, torch.tensor([2, 3])), shape=(2, 2, 4), dtype=dtype)
    assert float(Y[0, :, 2:].abs().max()) < 1e-6, "example 0 has non-zero weight on keys 2 and 3"
    assert float(Y[1, :, 3:].abs().max()) < 1e-6, "example 1 has non-zero weight on key 3"
    assert_close(Y.sum(dim=-1), torch.ones(2, 2, dtype=dtype), rtol=0, atol=1e-6, what="row sums")
    assert_close(Y, expected(X, torch.tensor([2, 3])), **tolerance(dtype))


@pytest.mark.describe(
    en="A (batch, n_q) valid_lens, d2l's [[1, 3], [2, 4]], masks each query row by its own length",
    zh="形状为 (batch, n_q) 的 valid_lens（d2l 的 [[1, 3], [2, 4]]）按各自的长度掩蔽每个查询行",
)
@pytest.mark.concepts("shapes-attn-masked-softmax-zeros")
def test_one_length_per_query(student):
    X = scores(2, 2, 4, seed=2)
    valid_lens = torch.tensor([[1, 3], [2, 4]])
    Y = assert_tensor(student.masked_softmax(X, valid_lens), shape=(2, 2, 4), dtype=torch.float32)
    assert_close(Y, expected(X, valid_lens), **tolerance(torch.float32))


@pytest.mark.describe(
    en="With 3 examples of 2 queries, lengths [1, 2, 3] go to examples 0, 1, 2 (repeat_interleave, not repeat)",
    zh="3 个样本、每个 2 个查询时，长度 [1, 2, 3] 依次属于样本 0、1、2（用 repeat_interleave 而非 repeat）",
)
@pytest.mark.concepts("attention-masked-softmax-valid-lens")
def test_each_example_keeps_its_own_length(student):
    X = scores(3, 2, 5, seed=3)
    valid_lens = torch.tensor([1, 2, 3])
    Y = assert_tensor(student.masked_softmax(X, valid_lens), shape=(3, 2, 5), dtype=torch.float32)
    assert_close(Y, expected(X, valid_lens), **tolerance(torch.float32))


@pytest.mark.describe(
    en="A valid length of 0 gives the uniform row 1 / n_k (d2l's -1e6 fill), never NaN",
    zh="有效长度为 0 时得到均匀的一行 1 / n_k（d2l 用 -1e6 填充），绝不是 NaN",
)
@pytest.mark.concepts("shapes-attn-masked-softmax-empty")
def test_zero_length_is_uniform_not_nan(student):
    X = scores(2, 3, 5, seed=4)
    Y = assert_tensor(
        student.masked_softmax(X, torch.tensor([0, 2])), shape=(2, 3, 5), dtype=torch.float32
    )
    assert_finite(Y)
    assert_close(Y[0], torch.full((3, 5), 0.2), rtol=0, atol=1e-6, what="the rows of length 0")
    assert_close(Y, expected(X, torch.tensor([0, 2])), **tolerance(torch.float32))


@pytest.mark.describe(
    en="A valid length of n_k or more masks nothing: the result is the plain softmax",
    zh="有效长度不小于 n_k 时什么都不掩蔽：结果就是普通 softmax",
)
def test_length_at_least_n_k_masks_nothing(student):
    X = scores(2, 2, 4, torch.float64, seed=5)
    Y = assert_tensor(
        student.masked_softmax(X, torch.tensor([4, 9])), shape=(2, 2, 4), dtype=torch.float64
    )
    assert_close(Y, torch.softmax(X, dim=-1), **tolerance(torch.float64))


@pytest.mark.describe(
    en="The caller's X is not modified (d2l's X[~mask] = -1e6 through a view overwrites it)",
    zh="不修改调用者的 X（d2l 通过视图执行 X[~mask] = -1e6 会覆盖它）",
)
def test_x_is_not_modified(student):
    X = scores(2, 3, 4, seed=6)
    outcome = student.call("masked_softmax", X, torch.tensor([1, 2]))
    assert_tensor(outcome.value, shape=(2, 3, 4), dtype=torch.float32)
    assert_close(outcome.args[0], X, rtol=0, atol=0, what="X after the call")


@pytest.mark.describe(
    en="A leaf X that requires grad works and gets a gradient; rows sum to 1, so d(sum)/dX is 0 everywhere",
    zh="需要梯度的叶子张量 X 可以使用并得到梯度；每行和为 1，所以 d(sum)/dX 处处为 0",
)
def test_gradient_reaches_a_leaf_x(student):
    X = scores(2, 3, 4, torch.float64, seed=7).requires_grad_()
    outcome = student.call("masked_softmax", X, torch.tensor([2, 3]), backward=True)
    assert_tensor(outcome.value, shape=(2, 3, 4), dtype=torch.float64)
    grad = outcome.grads[0]
    assert grad is not None, "no gradient reached X: build the result from X with tensor operations"
    assert_close(grad, torch.zeros(2, 3, 4, dtype=torch.float64), rtol=0, atol=1e-8, what="dX")
