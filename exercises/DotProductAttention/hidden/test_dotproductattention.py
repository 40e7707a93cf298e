"""Hidden tests of DotProductAttention(dropout): d2l's softmax(Q Kᵀ / √d) V, dropout on the weights.

The module lives in the sandbox (`student.new("DotProductAttention", 0.0)` returns a handle).
Expected values are computed here: scores masked key by key in a Python loop (-1e6, as d2l),
then torch.softmax, and once with F.scaled_dot_product_attention and the equivalent boolean
mask (True = attend there). float32, atol 1e-5.

The dropout test is exact, not statistical: with values = [I | I] the output is the dropped
attention weights twice, so dropout on the weights makes both halves equal, while dropout on
the output draws a mask per half. With 256 weights each kept with probability 1/2, a correct
module shows no zero (or only zeros) with probability 2^-255.
"""

import math

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor

TOLERANCE = {"rtol": 0, "atol": 1e-5}


def randn(*shape, seed):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def lengths_per_query(valid_lens, batch, n_q):
    lens = valid_lens.tolist()
    return [lens[b] if isinstance(lens[b], list) else [lens[b]] * n_q for b in range(batch)]


def expected_weights(queries, keys, valid_lens=None):
    scores = queries @ keys.transpose(1, 2) / math.sqrt(queries.shape[-1])
    if valid_lens is not None:
        for b, row in enumerate(lengths_per_query(valid_lens, *scores.shape[:2])):
            for q, length in enumerate(row):
                scores[b, q, int(length) :] = -1e6
    return torch.softmax(scores, dim=-1)


def expected_output(queries, keys, values, valid_lens=None):
    return expected_weights(queries, keys, valid_lens) @ values


def attention(student, dropout=0.0, seed=0, eval_mode=True):
    module = student.new("DotProductAttention", dropout, seed=seed)
    if eval_mode:
        module.call("eval")
    return module


@pytest.mark.describe(
    en="d2l's example: queries (2, 1, 2), keys of ones (2, 10, 2), valid_lens [2, 6] give (2, 1, 4) = the mean of the valid values",
    zh="d2l 的示例：queries (2, 1, 2)、全 1 的 keys (2, 10, 2)、valid_lens [2, 6] 得到 (2, 1, 4)，即有效值的平均",
)
@pytest.mark.concepts("shapes-attn-dot-product")
def test_d2l_example(student, seed):
    queries = randn(2, 1, 2, seed=seed)
    keys = torch.ones(2, 10, 2)
    values = torch.arange(40, dtype=torch.float32).reshape(1, 10, 4).repeat(2, 1, 1)
    module = attention(student)
    Y = assert_tensor(
        module(queries, keys, values, torch.tensor([2, 6])), shape=(2, 1, 4), dtype=torch.float32
    )
    # Equal keys give equal scores: uniform weights over the valid keys, so the mean value row.
    assert_close(Y, torch.tensor([[[2.0, 3.0, 4.0, 5.0]], [[10.0, 11.0, 12.0, 13.0]]]), **TOLERANCE)
    weights = assert_tensor(
        module.attr("attention_weights"), shape=(2, 1, 10), what="attention_weights"
    )
    want = torch.zeros(2, 1, 10)
    want[0, 0, :2], want[1, 0, :6] = 1 / 2, 1 / 6
    assert_close(weights, want, **TOLERANCE, what="attention_weights")


@pytest.mark.describe(
    en="in eval mode it equals F.scaled_dot_product_attention with the same mask (n_q ≠ n_k, value width ≠ key width)",
    zh="eval 模式下与使用相同掩码的 F.scaled_dot_product_attention 一致（n_q ≠ n_k，值的宽度 ≠ 键的宽度）",
)
@pytest.mark.concepts("attention-scaled-dot-product-formula")
def test_matches_scaled_dot_product_attention(student, seed):
    queries, keys, values = (
        randn(3, 4, 8, seed=seed),
        randn(3, 5, 8, seed=seed + 1),
        randn(3, 5, 6, seed=seed + 2),
    )
    valid_lens = torch.tensor([2, 5, 3])
    Y = assert_tensor(
        attention(student)(queries, keys, values, valid_lens), shape=(3, 4, 6), dtype=torch.float32
    )
    attend = torch.arange(5)[None, None, :] < valid_lens[:, None, None]  # (3, 1, 5), True = attend
    assert_close(
        Y, F.scaled_dot_product_attention(queries, keys, values, attn_mask=attend), **TOLERANCE
    )


@pytest.mark.describe(
    en="the scores are divided by √d, d = queries.shape[-1] (d = 64, n_k = 16: not d, not √n_k)",
    zh="评分除以 √d，d = queries.shape[-1]（d = 64、n_k = 16：不是 d，也不是 √n_k）",
)
@pytest.mark.concepts("attention-why-sqrt-d")
def test_scale_is_one_over_sqrt_d(student, seed):
    queries, keys, values = (
        randn(2, 3, 64, seed=seed),
        randn(2, 16, 64, seed=seed + 1),
        randn(2, 16, 5, seed=seed + 2),
    )
    Y = assert_tensor(
        attention(student)(queries, keys, values), shape=(2, 3, 5), dtype=torch.float32
    )
    assert_close(Y, expected_output(queries, keys, values), **TOLERANCE)


@pytest.mark.describe(
    en="attention_weights is (batch, n_q, n_k): a softmax over the keys, zero past each valid length, rows sum to 1",
    zh="attention_weights 的形状为 (batch, n_q, n_k)：沿键做 softmax，超出有效长度处为 0，每行之和为 1",
)
@pytest.mark.concepts("shapes-attn-dot-product")
def test_attention_weights_are_stored(student, seed):
    queries, keys, values = (
        randn(2, 3, 4, seed=seed) * 3,
        randn(2, 6, 4, seed=seed + 1),
        randn(2, 6, 2, seed=seed + 2),
    )
    valid_lens = torch.tensor([[1, 4, 6], [2, 3, 5]])
    module = attention(student)
    assert_tensor(module(queries, keys, values, valid_lens), shape=(2, 3, 2), dtype=torch.float32)
    weights = assert_tensor(
        module.attr("attention_weights"),
        shape=(2, 3, 6),
        dtype=torch.float32,
        what="attention_weights",
    )
    assert_close(
        weights.sum(dim=-1), torch.ones(2, 3), **TOLERANCE, what="the row sums of attention_weights"
    )
    assert_close(
        weights, expected_weights(queries, keys, valid_lens), **TOLERANCE, what="attention_weights"
    )


@pytest.mark.describe(
    en="dropout 0.5 in training mode drops attention weights (not outputs) and changes between calls; eval() is deterministic",
    zh="训练模式下 dropout 0.5 丢弃的是注意力权重（不是输出），且每次调用不同；eval() 后结果确定",
)
@pytest.mark.concepts("attention-scaled-dot-product-formula")
def test_dropout_acts_on_the_weights(student, seed):
    n_k = 16
    queries, keys = randn(4, 4, 8, seed=seed), randn(4, n_k, 8, seed=seed + 1)
    eye = torch.eye(n_k).repeat(4, 1, 1)
    values = torch.cat([eye, eye], dim=-1)  # output = [dropped weights | dropped weights]
    module = attention(student, dropout=0.5, eval_mode=False)
    first = assert_tensor(
        module.call("__call__", queries, keys, values, seed=1).value,
        shape=(4, 4, 2 * n_k),
        dtype=torch.float32,
    )
    weights = expected_weights(queries, keys)
    left, right = first[..., :n_k], first[..., n_k:]
    assert torch.equal(left, right), "dropout must act on the attention weights, not on the output"
    dropped = left == 0
    assert bool(dropped.any()) and not bool(dropped.all()), (
        "with dropout 0.5, some weights (not all) are dropped"
    )
    assert_close(
        left[~dropped],
        2 * weights[~dropped],
        **TOLERANCE,
        what="the kept weights (scaled by 1 / (1 - p))",
    )
    second = module.call("__call__", queries, keys, values, seed=2).value
    assert not torch.equal(first, second), "two training-mode calls drew the same dropout mask"
    module.call("eval")
    for call_seed in (3, 4):
        Y = module.call("__call__", queries, keys, values, seed=call_seed).value
        assert_close(
            Y, torch.cat([weights, weights], dim=-1), **TOLERANCE, what="the output in eval mode"
        )


@pytest.mark.describe(
    en="gradients reach queries, keys and values (compared with autograd of the formula)",
    zh="梯度能传到 queries、keys 和 values（与公式的自动微分结果比较）",
)
@pytest.mark.concepts("attention-scaled-dot-product-formula")
def test_gradients_reach_queries_keys_and_values(student, seed):
    tensors = [
        randn(2, 3, 4, seed=seed),
        randn(2, 5, 4, seed=seed + 1),
        randn(2, 5, 3, seed=seed + 2),
    ]
    valid_lens = torch.tensor([3, 5])
    outcome = attention(student).call(
        "__call__", *[t.clone().requires_grad_() for t in tensors], valid_lens, backward=True
    )
    assert_tensor(outcome.value, shape=(2, 3, 3), dtype=torch.float32)
    leaves = [t.clone().requires_grad_() for t in tensors]
    expected_output(*leaves, valid_lens).sum().backward()
    for name, grad, leaf in zip(("queries", "keys", "values"), outcome.grads, leaves, strict=False):
        assert grad is not None, f"no gradient reached {name}"
        assert_close(grad, leaf.grad, **TOLERANCE, what=f"the gradient of {name}")
