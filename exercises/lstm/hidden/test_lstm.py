"""Hidden tests of lstm(inputs, state, params): d2l-zh's scratch LSTM, time-major outputs and (H, C).

Expected values come from nn.LSTM with the learner's weights copied in PyTorch's gate order
i, f, g, o (weight_ih_l0 = cat(W_xi.T, W_xf.T, W_xc.T, W_xo.T), bias_hh_l0 = 0) and the output
layer applied to its outputs, computed here, in the grader.
"""

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

NAMES = [
    "W_xi",
    "W_hi",
    "b_i",
    "W_xf",
    "W_hf",
    "b_f",
    "W_xo",
    "W_ho",
    "b_o",
    "W_xc",
    "W_hc",
    "b_c",
    "W_hq",
    "b_q",
]


def tolerance(dtype):
    return {"rtol": 0, "atol": 1e-5} if dtype == torch.float32 else {"rtol": 0, "atol": 1e-10}


def make_case(num_steps, batch, vocab, hiddens, dtype=torch.float64, seed=0, scale=0.5, state=1.0):
    """One-hot inputs; H0 in (-1, 1) and C0 of a different scale, so swapping them shows."""
    generator = torch.Generator().manual_seed(seed)

    def draw(*shape, s=scale):
        return (torch.randn(*shape, generator=generator, dtype=torch.float64) * s).to(dtype)

    tokens = torch.randint(0, vocab, (batch, num_steps), generator=generator)
    inputs = F.one_hot(tokens.T, vocab).to(dtype)
    params = []
    for _ in range(4):  # i, f, o, c
        params += [draw(vocab, hiddens), draw(hiddens, hiddens), draw(hiddens)]
    params += [draw(hiddens, vocab), draw(vocab)]
    H0 = torch.tanh(draw(batch, hiddens, s=1.0)) * state
    C0 = draw(batch, hiddens, s=2.0) * state
    return inputs, (H0, C0), params


def expected(inputs, state, params):
    W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q = params
    layer = nn.LSTM(W_xi.shape[0], W_xi.shape[1], dtype=inputs.dtype)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.cat([W_xi.T, W_xf.T, W_xc.T, W_xo.T]))
        layer.weight_hh_l0.copy_(torch.cat([W_hi.T, W_hf.T, W_hc.T, W_ho.T]))
        layer.bias_ih_l0.copy_(torch.cat([b_i, b_f, b_c, b_o]))
        layer.bias_hh_l0.zero_()
    out, (h_n, c_n) = layer(inputs, (state[0].unsqueeze(0), state[1].unsqueeze(0)))
    return (out @ W_hq + b_q).reshape(-1, W_hq.shape[1]), h_n[0], c_n[0]


def unpack(result, num_steps, batch, vocab, hiddens, dtype):
    """(outputs, (H, C)) with shapes and dtype checked; returns (outputs, H, C)."""
    assert isinstance(result, (tuple, list)) and len(result) == 2, (
        f"expected the pair (outputs, (H, C)), got {type(result).__name__}"
    )
    outputs, state = result
    assert isinstance(state, tuple) and len(state) == 2, (
        "expected the state as the tuple (H, C), got "
        + (f"a tuple of {len(state)}" if isinstance(state, tuple) else type(state).__name__)
    )
    assert_tensor(outputs, shape=(num_steps * batch, vocab), dtype=dtype, what="outputs")
    assert_tensor(state[0], shape=(batch, hiddens), dtype=dtype, what="H")
    assert_tensor(state[1], shape=(batch, hiddens), dtype=dtype, what="C")
    return outputs, state[0], state[1]


def check_against_nn_lstm(result, case, sizes, dtype):
    outputs, H, C = unpack(result, *sizes, dtype)
    want_outputs, want_H, want_C = expected(*case)
    assert_close(outputs, want_outputs, what="outputs", **tolerance(dtype))
    assert_close(H, want_H, what="H", **tolerance(dtype))
    assert_close(C, want_C, what="C", **tolerance(dtype))
    return outputs, H, C


@pytest.mark.describe(
    en="d2l's sizes (5 steps, batch 2, 28 tokens, 256 hidden units): outputs (10, 28), H and C (2, 256), equal to nn.LSTM",
    zh="d2l 的大小（5 个时间步、批量 2、28 个词元、256 个隐藏单元）：outputs (10, 28)，H 和 C 为 (2, 256)，与 nn.LSTM 一致",
)
@pytest.mark.concepts("shapes-rnn-api-lstm-state")
def test_d2l_shapes(student):
    case = make_case(5, 2, 28, 256, torch.float32, scale=0.01, state=0.0)
    check_against_nn_lstm(student.lstm(*case), case, (5, 2, 28, 256), torch.float32)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.describe(
    en="Outputs, the final H and the final C equal nn.LSTM with the weights copied in gate order i, f, g, o",
    zh="outputs、最终的 H 和最终的 C 等于按门顺序 i、f、g、o 复制权重后的 nn.LSTM",
)
@pytest.mark.concepts("rnns-lstm-gates")
def test_matches_nn_lstm(student, dtype):
    case = make_case(4, 3, 10, 12, dtype, seed=1)
    check_against_nn_lstm(student.lstm(*case), case, (4, 3, 10, 12), dtype)


@pytest.mark.describe(
    en="The initial state is read as (H, C): a distinct H0 and C0 give nn.LSTM's result, not the swapped one",
    zh="初始状态按 (H, C) 读取：不同的 H0 和 C0 得到 nn.LSTM 的结果，而不是二者交换后的结果",
)
def test_state_order_is_h_then_c(student):
    case = make_case(2, 2, 5, 6, seed=2)
    check_against_nn_lstm(student.lstm(*case), case, (2, 2, 5, 6), torch.float64)


@pytest.mark.describe(
    en="|H| < 1 while C exceeds 1: with forget and input gates open and candidate near 1, C grows by about 1 a step",
    zh="|H| < 1 而 C 超过 1：遗忘门和输入门打开、候选记忆元接近 1 时，C 每步大约增加 1",
)
@pytest.mark.concepts("rnns-lstm-cell-update")
def test_memory_cell_is_unbounded_but_h_is_not(student):
    inputs, state, params = make_case(5, 2, 4, 3, seed=3, scale=0.1, state=0.0)
    params[2] = params[2] + 20  # b_i: input gate open
    params[5] = params[5] + 20  # b_f: forget gate open
    params[11] = params[11] + 20  # b_c: candidate ~ 1
    case = (inputs, state, params)
    _, H, C = check_against_nn_lstm(student.lstm(*case), case, (5, 2, 4, 3), torch.float64)
    assert float(C.min()) > 4.5, (
        f"C should reach about 5 after 5 steps, min is {float(C.min()):.3f}"
    )
    assert float(H.abs().max()) < 1.0, (
        f"max |H| = {float(H.abs().max()):.3f}: H = O * tanh(C) stays below 1"
    )


@pytest.mark.describe(
    en="Forget-gate bias +20 and input-gate bias -20 keep C at its initial value over 6 steps",
    zh="遗忘门偏置 +20、输入门偏置 -20 时，C 在 6 个时间步中保持初始值",
)
@pytest.mark.concepts("rnns-lstm-cell-update")
def test_saturated_gates_keep_the_memory_cell(student):
    inputs, state, params = make_case(6, 2, 5, 4, seed=4)
    params[2] = params[2] * 0.01 - 20  # b_i: input gate closed
    params[5] = params[5] * 0.01 + 20  # b_f: forget gate open
    case = (inputs, state, params)
    _, _, C = check_against_nn_lstm(student.lstm(*case), case, (6, 2, 5, 4), torch.float64)
    assert_close(C, state[1], rtol=0, atol=1e-6, what="C after 6 steps (the initial C)")


@pytest.mark.describe(
    en="The gradient of sum(outputs) with respect to the inputs equals autograd through nn.LSTM",
    zh="sum(outputs) 对输入的梯度等于经 nn.LSTM 自动微分的结果",
)
@pytest.mark.concepts("rnns-lstm-gates")
def test_gradient_reaches_the_inputs(student):
    inputs, state, params = make_case(3, 2, 5, 4, seed=5)
    inputs.requires_grad_()
    outcome = student.call("lstm", inputs, state, params, backward=True)
    unpack(outcome.value, 3, 2, 5, 4, torch.float64)
    grad = outcome.grads[0]
    assert grad is not None, "no gradient reached the inputs: compute with tensor operations"
    expected(inputs, state, params)[0].sum().backward()
    assert_close(grad, inputs.grad, rtol=0, atol=1e-10, what="the gradient of the inputs")


@pytest.mark.describe(
    en="The inputs, the state (H, C) and the 14 parameters are left as they were",
    zh="输入、状态 (H, C) 和 14 个参数都保持不变",
)
def test_arguments_are_not_modified(student):
    inputs, state, params = make_case(3, 2, 5, 4, seed=6)
    outcome = student.call("lstm", inputs, state, params)
    unpack(outcome.value, 3, 2, 5, 4, torch.float64)
    after_inputs, after_state, after_params = outcome.args
    assert_close(after_inputs, inputs, rtol=0, atol=0, what="inputs after the call")
    assert_close(after_state[0], state[0], rtol=0, atol=0, what="the initial H after the call")
    assert_close(after_state[1], state[1], rtol=0, atol=0, what="the initial C after the call")
    for name, before, after in zip(NAMES, params, after_params, strict=True):
        assert_close(after, before, rtol=0, atol=0, what=f"{name} after the call")


def functional_lstm_outputs(inputs, state, params):
    """The outputs through nn.LSTM, differentiable with respect to the 14 parameters."""
    W_xi, W_hi, b_i, W_xf, W_hf, b_f, W_xo, W_ho, b_o, W_xc, W_hc, b_c, W_hq, b_q = params
    layer = nn.LSTM(W_xi.shape[0], W_xi.shape[1], dtype=inputs.dtype)
    weights = {
        "weight_ih_l0": torch.cat([W_xi.T, W_xf.T, W_xc.T, W_xo.T]),
        "weight_hh_l0": torch.cat([W_hi.T, W_hf.T, W_hc.T, W_ho.T]),
        "bias_ih_l0": torch.cat([b_i, b_f, b_c, b_o]),
        "bias_hh_l0": torch.zeros(4 * b_i.shape[0], dtype=inputs.dtype),
    }
    h0, c0 = state[0].unsqueeze(0), state[1].unsqueeze(0)
    out, _ = torch.func.functional_call(layer, weights, (inputs, (h0, c0)))
    return out @ W_hq + b_q


@pytest.mark.describe(
    en="All 14 parameters get the gradients autograd gives through nn.LSTM",
    zh="14 个参数都得到与经 nn.LSTM 自动微分相同的梯度",
)
@pytest.mark.concepts("rnns-lstm-gates")
def test_gradients_reach_all_parameters(student):
    inputs, state, params = make_case(3, 2, 5, 4, seed=7)
    outcome = student.call(
        "lstm", inputs, state, Build("param_list", tensors=params), backward=True
    )
    unpack(outcome.value, 3, 2, 5, 4, torch.float64)
    recorded = outcome.args[2]  # the param_list's state_dict: "<i>" and "<i>.grad"
    leaves = [p.clone().requires_grad_() for p in params]
    functional_lstm_outputs(inputs, state, leaves).sum().backward()
    for index, (name, leaf) in enumerate(zip(NAMES, leaves, strict=True)):
        grad = recorded[f"{index}.grad"]
        assert grad is not None, f"no gradient reached {name}"
        assert_close(grad, leaf.grad, rtol=0, atol=1e-10, what=f"the gradient of {name}")
