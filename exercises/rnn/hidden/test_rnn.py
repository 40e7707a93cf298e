"""Hidden tests of rnn(inputs, state, params): d2l-zh's scratch RNN, time-major outputs and (H,).

Expected values come from nn.RNN with the learner's weights copied in (weight_ih_l0 = W_xh.T,
weight_hh_l0 = W_hh.T, bias_ih_l0 = b_h, bias_hh_l0 = 0) and the output layer applied to its
outputs, computed here, in the grader.
"""

import pytest
import torch
from torch import nn
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build


def tolerance(dtype):
    return {"rtol": 0, "atol": 1e-5} if dtype == torch.float32 else {"rtol": 0, "atol": 1e-10}


def make_case(num_steps, batch, vocab, hiddens, dtype=torch.float64, seed=0, scale=0.5, state=0.0):
    """One-hot inputs of random tokens, weights large enough that tanh is far from linear."""
    generator = torch.Generator().manual_seed(seed)

    def draw(*shape):
        return (torch.randn(*shape, generator=generator, dtype=torch.float64) * scale).to(dtype)

    tokens = torch.randint(0, vocab, (batch, num_steps), generator=generator)
    inputs = F.one_hot(tokens.T, vocab).to(dtype)
    params = [
        draw(vocab, hiddens),
        draw(hiddens, hiddens),
        draw(hiddens),
        draw(hiddens, vocab),
        draw(vocab),
    ]
    H0 = draw(batch, hiddens) * state
    return inputs, (H0,), params


def expected(inputs, state, params):
    W_xh, W_hh, b_h, W_hq, b_q = params
    layer = nn.RNN(W_xh.shape[0], W_xh.shape[1], dtype=inputs.dtype)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(W_xh.T)
        layer.weight_hh_l0.copy_(W_hh.T)
        layer.bias_ih_l0.copy_(b_h)
        layer.bias_hh_l0.zero_()
    out, h_n = layer(inputs, state[0].unsqueeze(0))
    return (out @ W_hq + b_q).reshape(-1, W_hq.shape[1]), h_n[0]


def unpack(result, num_steps, batch, vocab, hiddens, dtype):
    """(outputs, (H,)) with their shapes and dtype checked; returns (outputs, H)."""
    assert isinstance(result, (tuple, list)) and len(result) == 2, (
        f"expected the pair (outputs, (H,)), got {type(result).__name__}"
    )
    outputs, state = result
    assert isinstance(state, tuple) and len(state) == 1, (
        "expected the state as the one-element tuple (H,), got "
        + (
            f"a tensor of shape {tuple(state.shape)}"
            if isinstance(state, torch.Tensor)
            else type(state).__name__
        )
    )
    assert_tensor(outputs, shape=(num_steps * batch, vocab), dtype=dtype, what="outputs")
    assert_tensor(state[0], shape=(batch, hiddens), dtype=dtype, what="H")
    return outputs, state[0]


@pytest.mark.describe(
    en="d2l's shapes: inputs (5, 2, 28), 512 hidden units give outputs (10, 28) and the state (H,) with H (2, 512)",
    zh="d2l 的形状：输入 (5, 2, 28)、512 个隐藏单元得到 outputs (10, 28) 和状态 (H,)，H 为 (2, 512)",
)
@pytest.mark.concepts("shapes-rnn-scratch-forward")
def test_d2l_shapes(student):
    inputs, state, params = make_case(5, 2, 28, 512, torch.float32, scale=0.01)
    outputs, H = unpack(student.rnn(inputs, state, params), 5, 2, 28, 512, torch.float32)
    want_outputs, want_H = expected(inputs, state, params)
    assert_close(outputs, want_outputs, what="outputs", **tolerance(torch.float32))
    assert_close(H, want_H, what="H", **tolerance(torch.float32))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64], ids=["float32", "float64"])
@pytest.mark.describe(
    en="Outputs and the final H equal nn.RNN with the same weights (4 steps, batch 3)",
    zh="outputs 和最终的 H 等于使用相同权重的 nn.RNN（4 个时间步，批量大小 3）",
)
@pytest.mark.concepts("rnns-hidden-state-equations")
def test_matches_nn_rnn(student, dtype):
    inputs, state, params = make_case(4, 3, 10, 16, dtype, seed=1)
    outputs, H = unpack(student.rnn(inputs, state, params), 4, 3, 10, 16, dtype)
    want_outputs, want_H = expected(inputs, state, params)
    assert_close(outputs, want_outputs, what="outputs", **tolerance(dtype))
    assert_close(H, want_H, what="H", **tolerance(dtype))


@pytest.mark.describe(
    en="Rows are time-major: row t * batch + b is step t of example b (matching labels Y.T.reshape(-1))",
    zh="行按时间步优先排列：第 t * batch + b 行是样本 b 的第 t 步（与标签 Y.T.reshape(-1) 对应）",
)
@pytest.mark.concepts("rnns-hidden-state-char-lm")
def test_rows_are_time_major(student):
    inputs, state, params = make_case(3, 4, 6, 8, seed=2)
    outputs, _ = unpack(student.rnn(inputs, state, params), 3, 4, 6, 8, torch.float64)
    for b in range(4):  # each example alone through nn.RNN
        alone, _ = expected(inputs[:, b : b + 1], (state[0][b : b + 1],), params)
        for t in range(3):
            assert_close(
                outputs[t * 4 + b],
                alone[t],
                what=f"row {t * 4 + b} (step {t}, example {b})",
                **tolerance(torch.float64),
            )


@pytest.mark.describe(
    en="The hidden state goes through tanh: with large weights every |H| stays below 1",
    zh="隐状态经过 tanh：权重很大时每个 |H| 仍小于 1",
)
def test_tanh_bounds_the_state(student):
    inputs, state, params = make_case(4, 2, 5, 6, seed=3, scale=4.0)
    _, H = unpack(student.rnn(inputs, state, params), 4, 2, 5, 6, torch.float64)
    assert float(H.abs().max()) <= 1.0, (
        f"max |H| = {float(H.abs().max()):.3f}: tanh keeps it below 1"
    )
    assert_close(H, expected(inputs, state, params)[1], what="H", **tolerance(torch.float64))


@pytest.mark.describe(
    en="A non-zero initial state changes the outputs, as nn.RNN with that h_0 does",
    zh="非零的初始状态会改变 outputs，与 nn.RNN 使用该 h_0 时一致",
)
@pytest.mark.concepts("rnns-train-loop-state")
def test_initial_state_is_used(student):
    inputs, state, params = make_case(3, 2, 7, 9, seed=4, state=1.0)
    outputs, H = unpack(student.rnn(inputs, state, params), 3, 2, 7, 9, torch.float64)
    want_outputs, want_H = expected(inputs, state, params)
    assert_close(outputs, want_outputs, what="outputs", **tolerance(torch.float64))
    assert_close(H, want_H, what="H", **tolerance(torch.float64))


@pytest.mark.describe(
    en="num_steps = 1 works: outputs (batch, vocab_size)",
    zh="num_steps = 1 也能工作：outputs 为 (batch, vocab_size)",
)
def test_single_step(student):
    inputs, state, params = make_case(1, 3, 5, 4, seed=5, state=1.0)
    outputs, H = unpack(student.rnn(inputs, state, params), 1, 3, 5, 4, torch.float64)
    want_outputs, want_H = expected(inputs, state, params)
    assert_close(outputs, want_outputs, what="outputs", **tolerance(torch.float64))
    assert_close(H, want_H, what="H", **tolerance(torch.float64))


@pytest.mark.describe(
    en="The gradient of sum(outputs) with respect to the inputs equals autograd through nn.RNN (the recurrence is there)",
    zh="sum(outputs) 对输入的梯度等于经 nn.RNN 自动微分的结果（说明确实有循环）",
)
@pytest.mark.concepts("rnns-hidden-state-equations")
def test_gradient_reaches_the_inputs(student):
    inputs, state, params = make_case(4, 2, 6, 5, seed=6, state=1.0)
    inputs.requires_grad_()
    outcome = student.call("rnn", inputs, state, params, backward=True)
    unpack(outcome.value, 4, 2, 6, 5, torch.float64)
    grad = outcome.grads[0]
    assert grad is not None, "no gradient reached the inputs: compute with tensor operations"
    expected(inputs, state, params)[0].sum().backward()
    assert_close(grad, inputs.grad, rtol=0, atol=1e-10, what="the gradient of the inputs")


@pytest.mark.describe(
    en="The inputs, the state and the parameters are left as they were",
    zh="输入、状态和参数都保持不变",
)
def test_arguments_are_not_modified(student):
    inputs, state, params = make_case(3, 2, 5, 4, seed=7, state=1.0)
    outcome = student.call("rnn", inputs, state, params)
    unpack(outcome.value, 3, 2, 5, 4, torch.float64)
    after_inputs, after_state, after_params = outcome.args
    assert_close(after_inputs, inputs, rtol=0, atol=0, what="inputs after the call")
    assert_close(after_state[0], state[0], rtol=0, atol=0, what="the initial H after the call")
    for name, before, after in zip(
        ("W_xh", "W_hh", "b_h", "W_hq", "b_q"), params, after_params, strict=True
    ):
        assert_close(after, before, rtol=0, atol=0, what=f"{name} after the call")


def functional_rnn_outputs(inputs, state, params):
    """The outputs through nn.RNN, differentiable with respect to the five parameters."""
    W_xh, W_hh, b_h, W_hq, b_q = params
    layer = nn.RNN(W_xh.shape[0], W_xh.shape[1], dtype=inputs.dtype)
    weights = {
        "weight_ih_l0": W_xh.T,
        "weight_hh_l0": W_hh.T,
        "bias_ih_l0": b_h,
        "bias_hh_l0": torch.zeros_like(b_h),
    }
    out, _ = torch.func.functional_call(layer, weights, (inputs, state[0].unsqueeze(0)))
    return out @ W_hq + b_q


@pytest.mark.describe(
    en="All five parameters get the gradients autograd gives through nn.RNN (none is detached or unused)",
    zh="五个参数都得到与经 nn.RNN 自动微分相同的梯度（没有被分离或未使用的参数）",
)
@pytest.mark.concepts("rnns-hidden-state-equations")
def test_gradients_reach_all_parameters(student):
    inputs, state, params = make_case(4, 2, 6, 5, seed=8, state=1.0)
    outcome = student.call("rnn", inputs, state, Build("param_list", tensors=params), backward=True)
    unpack(outcome.value, 4, 2, 6, 5, torch.float64)
    recorded = outcome.args[2]  # the param_list's state_dict: "<i>" and "<i>.grad"
    leaves = [p.clone().requires_grad_() for p in params]
    functional_rnn_outputs(inputs, state, leaves).sum().backward()
    for index, (name, leaf) in enumerate(
        zip(("W_xh", "W_hh", "b_h", "W_hq", "b_q"), leaves, strict=True)
    ):
        grad = recorded[f"{index}.grad"]
        assert grad is not None, f"no gradient reached {name}"
        assert_close(grad, leaf.grad, rtol=0, atol=1e-10, what=f"the gradient of {name}")
