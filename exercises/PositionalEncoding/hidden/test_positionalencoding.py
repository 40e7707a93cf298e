"""Hidden tests of PositionalEncoding(num_hiddens, dropout, max_len=1000): d2l's sinusoidal P, added to X.

The module lives in the sandbox. The expected P is computed here in float64:
P[0, i, 2j] = sin(i / 10000^(2j/d)), P[0, i, 2j+1] = cos(i / 10000^(2j/d)). A float32 P
rounds the angle i·ω_j, so its error grows with the position i (about 1e-7 · i, a few times
that for exp/log formulations): positions 0-9 are compared within atol 1e-5, 0-99 within 1e-4,
all 1000 within 1e-3; every wrong formula is off by O(1). Forward is compared with X plus the
module's own P (atol 1e-6). Without a GPU, "P moves with the module" is checked through
`.to(torch.float64)`, which converts buffers as `.to(device)` moves them.

The dropout test is exact: with X + P free of zeros, each output entry is either 0 or
2·(X + P); with 2,560 entries kept with probability 1/2, a correct module shows no zero (or
only zeros) with probability 2^-2559.
"""

import pytest
import torch

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.errors import SubmissionRaised


def expected_P(max_len, d):
    positions = torch.arange(max_len, dtype=torch.float64).reshape(-1, 1)
    angles = positions / torch.pow(10000.0, torch.arange(0, d, 2, dtype=torch.float64) / d)
    P = torch.zeros(1, max_len, d, dtype=torch.float64)
    P[0, :, 0::2], P[0, :, 1::2] = torch.sin(angles), torch.cos(angles)
    return P


def inputs(*shape, seed):
    return torch.randn(*shape, generator=torch.Generator().manual_seed(seed))


def encoding(student, *args, eval_mode=True, **kwargs):
    module = student.new("PositionalEncoding", *args, **kwargs)
    if eval_mode:
        module.call("eval")
    return module


@pytest.mark.describe(
    en="P is (1, max_len, num_hiddens): sin(i / 10000^(2j/d)) in even columns, cos in odd ones (d = 32)",
    zh="P 的形状为 (1, max_len, num_hiddens)：偶数列为 sin(i / 10000^(2j/d))，奇数列为 cos（d = 32）",
)
@pytest.mark.concepts("attention-positional-encoding-formula")
def test_P_follows_the_formula(student):
    P = assert_tensor(
        encoding(student, 32, 0).attr("P"), shape=(1, 1000, 32), dtype=torch.float32, what="P"
    )
    want = expected_P(1000, 32).float()
    assert_close(P[:, :10], want[:, :10], rtol=0, atol=1e-5, what="P at positions 0-9")
    assert_close(P[:, :100], want[:, :100], rtol=0, atol=1e-4, what="P at positions 0-99")
    assert_close(P, want, rtol=0, atol=1e-3, what="P")


@pytest.mark.describe(
    en="row 0 of P is [0, 1, 0, 1, ...] and every value lies in [-1, 1]; max_len sets the number of rows",
    zh="P 的第 0 行为 [0, 1, 0, 1, ...]，所有值都在 [-1, 1] 内；max_len 决定行数",
)
@pytest.mark.concepts("shapes-transformer-pe-row0")
def test_row_zero_and_range(student):
    P = assert_tensor(
        encoding(student, 16, 0.0, max_len=60).attr("P"),
        shape=(1, 60, 16),
        dtype=torch.float32,
        what="P",
    )
    assert_close(P[0, 0], torch.tensor([0.0, 1.0] * 8), rtol=0, atol=1e-6, what="row 0 of P")
    assert float(P.abs().max()) <= 1 + 1e-6, "P has values outside [-1, 1]"


@pytest.mark.describe(
    en="each (sin, cos) pair of row i + 5 is the pair of row i rotated by 5·ω_j (relative positions)",
    zh="第 i + 5 行的每个 (sin, cos) 对等于第 i 行的对旋转 5·ω_j 角度（相对位置）",
)
@pytest.mark.concepts("attention-positional-encoding-formula")
def test_offset_is_a_rotation(student):
    d, delta = 32, 5
    P = assert_tensor(
        encoding(student, d, 0).attr("P"), shape=(1, 1000, d), dtype=torch.float32, what="P"
    )
    P = P[0, :60].double()
    omega = 1 / torch.pow(10000.0, torch.arange(0, d, 2, dtype=torch.float64) / d)
    c, s = torch.cos(delta * omega), torch.sin(delta * omega)
    sin_i, cos_i = P[:-delta, 0::2], P[:-delta, 1::2]
    assert_close(
        P[delta:, 0::2],
        c * sin_i + s * cos_i,
        rtol=0,
        atol=1e-4,
        what="the sin columns of row i + 5",
    )
    assert_close(
        P[delta:, 1::2],
        c * cos_i - s * sin_i,
        rtol=0,
        atol=1e-4,
        what="the cos columns of row i + 5",
    )


@pytest.mark.describe(
    en="with dropout 0, forward(X) = X + P[:, :T] for a batch of 2, T = 60 < max_len; shape and dtype kept",
    zh="dropout 为 0 时 forward(X) = X + P[:, :T]（批量 2，T = 60 < max_len）；形状和 dtype 不变",
)
@pytest.mark.concepts("attention-positional-encoding-formula")
def test_forward_adds_P(student, seed):
    module = encoding(student, 32, 0)
    X = inputs(2, 60, 32, seed=seed)
    Y = assert_tensor(module(X), shape=(2, 60, 32), dtype=torch.float32)
    P = module.attr("P")
    assert_close(Y, X + P[:, :60], rtol=0, atol=1e-6)


@pytest.mark.describe(
    en="P is a non-persistent buffer: get_buffer('P') works, 'P' is not in the state_dict, .to(float64) converts it",
    zh="P 是非持久缓冲区：get_buffer('P') 可用，state_dict 中没有 'P'，.to(float64) 会转换它",
)
@pytest.mark.concepts("attention-positional-encoding-d2l-attribute")
def test_P_is_a_non_persistent_buffer(student, seed):
    module = encoding(student, 8, 0, max_len=50)
    buffer = module.call("get_buffer", "P").value
    assert_tensor(buffer, shape=(1, 50, 8), what="get_buffer('P')")
    assert "P" not in module.state_dict(), (
        "P is in the state_dict: register it with persistent=False"
    )
    module.call("to", torch.float64)
    P = module.attr("P")
    assert_tensor(P, shape=(1, 50, 8), dtype=torch.float64, what="P after .to(torch.float64)")
    X = inputs(3, 7, 8, seed=seed).double()
    assert_close(
        assert_tensor(module(X), shape=(3, 7, 8), dtype=torch.float64),
        X + P[:, :7],
        rtol=0,
        atol=1e-12,
    )


@pytest.mark.describe(
    en="in training mode dropout acts after the addition: each entry is 0 or 2·(X + P); eval() gives X + P",
    zh="训练模式下 dropout 在相加之后：每个元素为 0 或 2·(X + P)；eval() 后得到 X + P",
)
@pytest.mark.concepts("attention-positional-encoding-formula")
def test_dropout_after_the_addition(student, seed):
    module = encoding(student, 16, 0.5, eval_mode=False)
    X = inputs(4, 40, 16, seed=seed).abs() + 2  # X + P >= 1: no zero before dropout
    Y = assert_tensor(
        module.call("__call__", X, seed=1).value, shape=(4, 40, 16), dtype=torch.float32
    )
    total = X + module.attr("P")[:, :40]
    dropped = Y == 0
    assert bool(dropped.any()) and not bool(dropped.all()), (
        "with dropout 0.5 some entries (not all) are 0"
    )
    assert_close(
        Y[~dropped], 2 * total[~dropped], rtol=0, atol=1e-5, what="the kept entries, 2·(X + P)"
    )
    module.call("eval")
    assert_close(module(X), total, rtol=0, atol=1e-6, what="the output in eval mode")


@pytest.mark.describe(
    en="an odd num_hiddens raises ValueError in the constructor (d2l's code fails with a shape error)",
    zh="num_hiddens 为奇数时构造函数抛出 ValueError（d2l 的代码会报形状错误）",
)
@pytest.mark.concepts("shapes-transformer-pe-odd")
def test_odd_num_hiddens_raises_value_error(student):
    with pytest.raises(SubmissionRaised) as raised:
        student.new("PositionalEncoding", 7, 0)
    assert raised.value.exception_type.endswith("ValueError"), (
        f"raised {raised.value.exception_type}, expected ValueError"
    )


@pytest.mark.describe(
    en="a sequence longer than max_len raises instead of returning something",
    zh="序列长度超过 max_len 时报错，而不是返回结果",
)
@pytest.mark.concepts("shapes-transformer-pe-row0")
def test_longer_than_max_len_raises(student, seed):
    module = encoding(student, 8, 0, max_len=10)
    assert_tensor(module(inputs(2, 10, 8, seed=seed)), shape=(2, 10, 8), dtype=torch.float32)
    with pytest.raises(SubmissionRaised):
        module(inputs(2, 11, 8, seed=seed))
