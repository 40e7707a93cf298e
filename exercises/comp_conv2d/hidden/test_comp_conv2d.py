"""Hidden tests of comp_conv2d(conv2d, X): run a 1-in/1-out nn.Conv2d on a matrix, return a matrix.

The layer is built in the sandbox from a Build("module", ...) spec with known weights, and
the same layer is built here to compute the expected output; the output size must follow
floor((n + 2p - d(k - 1) - 1) / s) + 1 in each dimension.
"""

import pytest
import torch
from torch import nn

from dlprep.grader.checks import assert_close, assert_tensor
from dlprep.grader.protocol import Build

TOLERANCE = {"rtol": 1e-5, "atol": 1e-5}


def pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def layer(seed, **options):
    """A Build spec of nn.Conv2d(1, 1, **options) with seeded weights, and the same layer here."""
    local = nn.Conv2d(1, 1, **options)
    generator = torch.Generator().manual_seed(seed)
    state = {
        key: torch.randn(value.shape, generator=generator)
        for key, value in local.state_dict().items()
    }
    local.load_state_dict(state)
    return Build("module", spec=["Conv2d", 1, 1, options], state=state), local


def expected_size(n, options):
    """floor((n + 2p - d(k - 1) - 1) / s) + 1 in each of the two dimensions."""
    k, p = pair(options["kernel_size"]), pair(options.get("padding", 0))
    s, d = pair(options.get("stride", 1)), pair(options.get("dilation", 1))
    return tuple((n[i] + 2 * p[i] - d[i] * (k[i] - 1) - 1) // s[i] + 1 for i in range(2))


def run_here(local, X):
    with torch.no_grad():
        return local(X.reshape(1, 1, *X.shape))[0, 0]


def matrix(shape, seed):
    return torch.rand(shape, generator=torch.Generator().manual_seed(seed))


@pytest.mark.describe(
    en="kernel 3 with padding 1 keeps an 8x8 input 8x8, with the layer's values",
    zh="卷积核 3、填充 1 时 8x8 输入仍输出 8x8，数值与该层的计算一致",
)
@pytest.mark.concepts("cnn-same-padding")
def test_same_padding_keeps_the_size(student):
    spec, local = layer(0, kernel_size=3, padding=1)
    X = matrix((8, 8), seed=1)
    Y = assert_tensor(student.comp_conv2d(spec, X), shape=(8, 8), dtype=torch.float32)
    assert_close(Y, run_here(local, X), **TOLERANCE)


@pytest.mark.describe(
    en="output size is floor((n + 2p - k) / s) + 1 for many kernels, paddings and strides",
    zh="对多种卷积核、填充和步幅，输出大小都是 floor((n + 2p - k) / s) + 1",
)
@pytest.mark.concepts("cnn-output-size-formula")
@pytest.mark.parametrize(
    ("x_shape", "options"),
    [
        ((8, 8), {"kernel_size": 3, "padding": 1, "stride": 2}),
        ((8, 8), {"kernel_size": (3, 5), "padding": (0, 1), "stride": (3, 4)}),
        ((8, 8), {"kernel_size": (5, 3), "padding": (2, 1), "stride": (3, 4)}),
        ((11, 7), {"kernel_size": 4, "padding": 0, "stride": 3}),
        ((9, 10), {"kernel_size": (2, 3), "padding": (1, 2), "stride": (2, 1)}),
        ((12, 12), {"kernel_size": 3, "padding": 2, "dilation": 2}),
    ],
    ids=[
        "k3 p1 s2",
        "k(3,5) p(0,1) s(3,4)",
        "k(5,3) p(2,1) s(3,4)",
        "k4 s3 on 11x7",
        "k(2,3) p(1,2) s(2,1)",
        "dilation 2",
    ],
)
def test_output_size_follows_the_formula(student, x_shape, options):
    spec, local = layer(sum(x_shape), **options)
    X = matrix(x_shape, seed=2)
    Y = assert_tensor(
        student.comp_conv2d(spec, X), shape=expected_size(x_shape, options), dtype=torch.float32
    )
    assert_close(Y, run_here(local, X), **TOLERANCE)


@pytest.mark.describe(
    en="only the batch and channel dimensions are removed: an output of 1 x 6 stays 2-D (no squeeze)",
    zh="只去掉批量维和通道维：1 x 6 的输出仍是二维（不要 squeeze）",
)
@pytest.mark.concepts("cnn-nchw-layout")
@pytest.mark.parametrize(
    ("options", "shape"),
    [({"kernel_size": (8, 3)}, (1, 6)), ({"kernel_size": 8}, (1, 1))],
    ids=["1 x 6", "1 x 1"],
)
def test_output_dimensions_of_size_one_are_kept(student, options, shape):
    spec, local = layer(4, **options)
    X = matrix((8, 8), seed=3)
    Y = assert_tensor(student.comp_conv2d(spec, X), shape=shape, dtype=torch.float32)
    assert_close(Y, run_here(local, X), **TOLERANCE)


@pytest.mark.describe(
    en="works with any 1-channel Conv2d passed in, also without bias",
    zh="传入任意单通道 Conv2d 都能工作，包括没有偏置的",
)
@pytest.mark.concepts("cnn-comp-conv2d-choice")
def test_layer_without_bias(student):
    spec, local = layer(5, kernel_size=(1, 2), bias=False)
    X = matrix((6, 8), seed=4)
    Y = assert_tensor(student.comp_conv2d(spec, X), shape=(6, 7), dtype=torch.float32)
    assert_close(Y, run_here(local, X), **TOLERANCE)


@pytest.mark.describe(
    en="gradients flow from the result back to X",
    zh="梯度能从结果传回 X",
)
def test_gradient_flows_back_to_x(student):
    spec, local = layer(6, kernel_size=3, padding=1, stride=2)
    X = matrix((8, 8), seed=5).requires_grad_()
    outcome = student.call("comp_conv2d", spec, X, backward=True)
    assert_tensor(outcome.value, shape=(4, 4), dtype=torch.float32)
    local(X.reshape(1, 1, 8, 8)).sum().backward()
    grad = outcome.grads[1]
    assert grad is not None, "no gradient reached X: do not detach or use torch.no_grad()"
    assert_close(grad, X.grad, **TOLERANCE, what="the gradient of X")
