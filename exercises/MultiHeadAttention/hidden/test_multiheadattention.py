"""Hidden tests of MultiHeadAttention (d2l-zh's signature) and its helpers transpose_qkv / transpose_output.

The module lives in the sandbox. Expected outputs come from its own state_dict in two
independent ways: torch's nn.MultiheadAttention with the weights copied in
(in_proj_weight = [W_q; W_k; W_v], out_proj = W_o, bias=False, batch_first=True; its boolean
masks mean True = do NOT attend, a 3-D attn_mask is indexed example * num_heads + head), and an
explicit loop over the heads here (scores / √(num_hiddens / num_heads), masked with -1e6).
Eval mode (dropout off), float32, atol 1e-5.
"""

import math

import pytest
import torch
from torch import nn

from dlprep.grader.checks import assert_close, assert_tensor

TOLERANCE = {"rtol": 0, "atol": 1e-5}


def randn(*shape, seed):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def per_query(valid_lens, batch, n_q):
    lens = valid_lens.tolist()
    return [lens[b] if isinstance(lens[b], list) else [lens[b]] * n_q for b in range(batch)]


def linear(state, name, X):
    assert f"{name}.weight" in state, (
        f"no {name}.weight in the state_dict: name the layers W_q, W_k, W_v, W_o"
    )
    out = X @ state[f"{name}.weight"].T
    return out + state[f"{name}.bias"] if f"{name}.bias" in state else out


def expected(state, queries, keys, values, valid_lens, num_heads):
    """Head by head: softmax(Q_h K_hᵀ / √d_h, masked) V_h, concatenated, then W_o."""
    Q, K, V = (
        linear(state, "W_q", queries),
        linear(state, "W_k", keys),
        linear(state, "W_v", values),
    )
    width = Q.shape[-1] // num_heads
    heads = []
    for head in range(num_heads):
        part = slice(head * width, (head + 1) * width)
        scores = Q[..., part] @ K[..., part].transpose(1, 2) / math.sqrt(width)
        if valid_lens is not None:
            for b, row in enumerate(per_query(valid_lens, *scores.shape[:2])):
                for q, length in enumerate(row):
                    scores[b, q, int(length) :] = -1e6
        heads.append(torch.softmax(scores, dim=-1) @ V[..., part])
    return linear(state, "W_o", torch.cat(heads, dim=-1))


def keys_for(state, names):
    found = sorted(state)
    assert found == sorted(names), f"state_dict keys {found}, expected {sorted(names)}"


def mha(student, *args, seed=0):
    module = student.new("MultiHeadAttention", *args, seed=seed)
    module.call("eval")
    return module


@pytest.mark.describe(
    en="queries (2, 4, 100), keys/values (2, 6, 100), 5 heads, valid_lens [3, 2] give (2, 4, 100)",
    zh="queries (2, 4, 100)、keys/values (2, 6, 100)、5 个头、valid_lens [3, 2] 得到 (2, 4, 100)",
)
@pytest.mark.concepts("shapes-mha-d2l-output")
def test_d2l_shapes(student, seed):
    module = mha(student, 100, 100, 100, 100, 5, 0.5)
    queries, keys = randn(2, 4, 100, seed=seed), randn(2, 6, 100, seed=seed + 1)
    Y = assert_tensor(
        module(queries, keys, keys, torch.tensor([3, 2])), shape=(2, 4, 100), dtype=torch.float32
    )
    assert_close(
        Y, expected(module.state_dict(), queries, keys, keys, torch.tensor([3, 2]), 5), **TOLERANCE
    )


@pytest.mark.describe(
    en="transpose_qkv(X, h) is X.reshape(B, n, h, -1).permute(0, 2, 1, 3).reshape(B * h, n, -1); transpose_output undoes it",
    zh="transpose_qkv(X, h) 等于 X.reshape(B, n, h, -1).permute(0, 2, 1, 3).reshape(B * h, n, -1)；transpose_output 是它的逆",
)
@pytest.mark.concepts(
    "attention-transpose-qkv", "attention-transpose-qkv-no-permute", "shapes-mha-transpose-qkv"
)
def test_transpose_helpers(student, seed):
    X = randn(2, 3, 12, seed=seed)
    split = assert_tensor(
        student.transpose_qkv(X, 4),
        shape=(8, 3, 3),
        dtype=torch.float32,
        what="transpose_qkv(X, 4)",
    )
    assert_close(
        split,
        X.reshape(2, 3, 4, -1).permute(0, 2, 1, 3).reshape(8, 3, 3),
        rtol=0,
        atol=0,
        what="transpose_qkv(X, 4)",
    )
    back = assert_tensor(
        student.transpose_output(split, 4),
        shape=(2, 3, 12),
        what="transpose_output(transpose_qkv(X, 4), 4)",
    )
    assert_close(back, X, rtol=0, atol=0, what="transpose_output(transpose_qkv(X, 4), 4)")


@pytest.mark.describe(
    en="with its weights copied into nn.MultiheadAttention (key_padding_mask from valid_lens) the outputs match in eval mode",
    zh="把权重复制进 nn.MultiheadAttention（用 valid_lens 构造 key_padding_mask）后，eval 模式下输出一致",
)
@pytest.mark.concepts("attention-multi-head-definition", "shapes-mha-repeat-interleave")
def test_matches_nn_multiheadattention(student, seed):
    hidden, heads = 16, 4
    module = mha(student, hidden, hidden, hidden, hidden, heads, 0.2, seed=1)
    state = module.state_dict()
    keys_for(state, ["W_q.weight", "W_k.weight", "W_v.weight", "W_o.weight"])
    torch_mha = nn.MultiheadAttention(hidden, heads, bias=False, batch_first=True).eval()
    with torch.no_grad():
        torch_mha.in_proj_weight.copy_(
            torch.cat([state["W_q.weight"], state["W_k.weight"], state["W_v.weight"]])
        )
        torch_mha.out_proj.weight.copy_(state["W_o.weight"])
    queries, keys, values = (
        randn(3, 5, hidden, seed=seed),
        randn(3, 7, hidden, seed=seed + 1),
        randn(3, 7, hidden, seed=seed + 2),
    )
    valid_lens = torch.tensor([2, 7, 4])
    Y = assert_tensor(
        module(queries, keys, values, valid_lens), shape=(3, 5, hidden), dtype=torch.float32
    )
    pad = torch.arange(7)[None, :] >= valid_lens[:, None]  # True = padding, do not attend
    with torch.no_grad():
        want = torch_mha(queries, keys, values, key_padding_mask=pad, need_weights=False)[0]
    assert_close(Y, want, **TOLERANCE)


@pytest.mark.describe(
    en="a (batch, n_q) valid_lens masks each query by its own length, for every head",
    zh="形状为 (batch, n_q) 的 valid_lens 在每个头里按各查询自己的长度掩蔽",
)
@pytest.mark.concepts("shapes-mha-repeat-interleave")
def test_per_query_valid_lens(student, seed):
    module = mha(student, 8, 8, 8, 8, 2, 0.0, seed=2)
    queries, keys = randn(2, 3, 8, seed=seed), randn(2, 5, 8, seed=seed + 1)
    valid_lens = torch.tensor([[1, 3, 5], [2, 4, 1]])
    Y = assert_tensor(module(queries, keys, keys, valid_lens), shape=(2, 3, 8), dtype=torch.float32)
    assert_close(Y, expected(module.state_dict(), queries, keys, keys, valid_lens, 2), **TOLERANCE)


@pytest.mark.describe(
    en="four Linear layers W_q, W_k, W_v, W_o: 4·num_hiddens² parameters without bias; key_size ≠ query_size ≠ value_size work",
    zh="四个线性层 W_q、W_k、W_v、W_o：无偏置时共 4·num_hiddens² 个参数；key_size ≠ query_size ≠ value_size 也可以",
)
@pytest.mark.concepts("attention-multi-head-parameters")
def test_projections_and_sizes(student, seed):
    square = {
        info.name: info.shape for info in mha(student, 20, 20, 20, 20, 4, 0.0).named_parameters()
    }
    assert square == {
        name: (20, 20) for name in ("W_q.weight", "W_k.weight", "W_v.weight", "W_o.weight")
    }, f"parameters: {square}"
    module = mha(student, 3, 5, 7, 8, 2, 0.0, True, seed=3)
    shapes = {info.name: info.shape for info in module.named_parameters()}
    want = {"W_q.weight": (8, 5), "W_k.weight": (8, 3), "W_v.weight": (8, 7), "W_o.weight": (8, 8)}
    want.update({f"{name}.bias": (8,) for name in ("W_q", "W_k", "W_v", "W_o")})
    assert shapes == want, f"parameters with bias=True: {shapes}"
    queries, keys, values = (
        randn(2, 4, 5, seed=seed),
        randn(2, 6, 3, seed=seed + 1),
        randn(2, 6, 7, seed=seed + 2),
    )
    Y = assert_tensor(module(queries, keys, values, None), shape=(2, 4, 8), dtype=torch.float32)
    assert_close(Y, expected(module.state_dict(), queries, keys, values, None, 2), **TOLERANCE)


@pytest.mark.describe(
    en="one head is projected dot-product attention: W_o(softmax(Q Kᵀ / √num_hiddens) V)",
    zh="只有一个头时就是投影后的点积注意力：W_o(softmax(Q Kᵀ / √num_hiddens) V)",
)
@pytest.mark.concepts("attention-multi-head-definition")
def test_one_head(student, seed):
    module = mha(student, 6, 6, 6, 6, 1, 0.0, seed=4)
    queries, keys = randn(2, 3, 6, seed=seed), randn(2, 4, 6, seed=seed + 1)
    Y = assert_tensor(
        module(queries, keys, keys, torch.tensor([4, 2])), shape=(2, 3, 6), dtype=torch.float32
    )
    assert_close(
        Y, expected(module.state_dict(), queries, keys, keys, torch.tensor([4, 2]), 1), **TOLERANCE
    )


@pytest.mark.describe(
    en="gradients reach all four projections (compared with autograd of the head-by-head formula)",
    zh="梯度能传到全部四个投影层（与逐头公式的自动微分结果比较）",
)
@pytest.mark.concepts("attention-multi-head-parameters")
def test_gradients_reach_the_projections(student, seed):
    module = mha(student, 8, 8, 8, 8, 2, 0.0, seed=5)
    state = {name: value.clone().requires_grad_() for name, value in module.state_dict().items()}
    queries, keys = randn(2, 3, 8, seed=seed), randn(2, 4, 8, seed=seed + 1)
    valid_lens = torch.tensor([3, 4])
    outcome = module.call("__call__", queries, keys, keys, valid_lens, backward=True)
    assert_tensor(outcome.value, shape=(2, 3, 8), dtype=torch.float32)
    expected(state, queries, keys, keys, valid_lens, 2).sum().backward()
    grads = outcome.param_grads or {}
    for name, leaf in state.items():
        assert grads.get(name) is not None, f"{name} got no gradient"
        assert_close(grads[name], leaf.grad, **TOLERANCE, what=f"{name}.grad")
