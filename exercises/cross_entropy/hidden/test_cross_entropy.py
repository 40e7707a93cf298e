"""Hidden tests of cross_entropy(y_hat, y): d2l's per-example loss -log(y_hat[range(n), y]).

`y_hat` holds probabilities (rows sum to 1), `y` int64 class indices; the result is the
vector of n losses, not reduced. Expected values come from F.nll_loss(log(y_hat), y,
reduction="none") computed here, in the grader.
"""

import math

import pytest
import torch
from torch.nn import functional as F

from dlprep.grader.checks import assert_close, assert_finite, assert_tensor

DTYPES = pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64], ids=["float32", "float64"]
)


def random_batch(n, classes, dtype=torch.float32, seed=0):
    """Probabilities from a softmax of random scores, and random int64 labels."""
    generator = torch.Generator().manual_seed(seed)
    y_hat = torch.softmax(torch.randn(n, classes, generator=generator, dtype=dtype) * 2, dim=1)
    y = torch.randint(0, classes, (n,), generator=generator)
    return y_hat, y


def expected_loss(y_hat, y):
    return F.nll_loss(torch.log(y_hat), y, reduction="none")


@pytest.mark.describe(
    en="the worked example of the prompt gives [-log 0.1, -log 0.5]",
    zh="题目中的示例得到 [-log 0.1, -log 0.5]",
)
@pytest.mark.concepts("tensors-autograd-pick-one-per-row")
def test_worked_example_from_the_prompt(student):
    """y_hat = [[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]], y = [0, 2] gives [-log 0.1, -log 0.5] = [2.3026, 0.6931]."""
    y_hat = torch.tensor([[0.1, 0.3, 0.6], [0.3, 0.2, 0.5]])
    loss = student.cross_entropy(y_hat, torch.tensor([0, 2]))
    assert_close(loss, torch.tensor([-math.log(0.1), -math.log(0.5)]), rtol=1e-5, atol=1e-6)


@DTYPES
@pytest.mark.describe(
    en="each loss is -log of the true class's probability", zh="每个损失等于真实类别概率的 -log"
)
@pytest.mark.concepts("losses-ce-d2l-indexing")
def test_matches_negative_log_likelihood_of_the_true_class(student, dtype):
    """On 64 examples of 10 classes: loss[i] = -log(y_hat[i, y[i]]), same dtype as y_hat."""
    y_hat, y = random_batch(64, 10, dtype)
    assert_close(student.cross_entropy(y_hat, y), expected_loss(y_hat, y), rtol=1e-5, atol=1e-6)


@pytest.mark.describe(
    en="one loss per example is returned, not their mean", zh="返回每个样本的损失，而不是它们的均值"
)
@pytest.mark.concepts("losses-ce-d2l-indexing")
def test_returns_one_loss_per_example_not_their_mean(student):
    """The result is a vector of shape (n,): the training loop, not the loss, reduces it."""
    y_hat, y = random_batch(5, 3)
    assert_tensor(student.cross_entropy(y_hat, y), shape=(5,), dtype=y_hat.dtype)


@pytest.mark.describe(
    en="a batch of one example gives a vector of one loss", zh="只有一个样本时返回长度为 1 的向量"
)
@pytest.mark.concepts("tensors-autograd-pick-one-per-row")
def test_batch_of_one_example(student):
    """n = 1 gives a vector of one loss (y_hat[:, y] would give a 1 x 1 matrix)."""
    y_hat = torch.tensor([[0.25, 0.75]])
    loss = student.cross_entropy(y_hat, torch.tensor([1]))
    assert_close(loss, torch.tensor([-math.log(0.75)]), rtol=1e-5, atol=1e-6)


@pytest.mark.describe(
    en="extreme probabilities give exact losses (no clamp, no second softmax)",
    zh="极端概率给出精确的损失（不截断、不再做 softmax）",
)
@pytest.mark.concepts("linear-softmax-log-softmax-in-loss")
def test_extreme_probabilities_are_exact(student):
    """Probability 1 gives 0; probability 1e-300 (float64) gives 690.78, not a clamped or re-softmaxed value."""
    y_hat = torch.tensor(
        [[1.0, 0.0, 0.0], [1e-300, 1.0 - 1e-300, 0.0], [0.5, 0.25, 0.25]], dtype=torch.float64
    )
    y = torch.tensor([0, 0, 2])
    loss = assert_tensor(student.cross_entropy(y_hat, y), shape=(3,), dtype=torch.float64)
    assert_finite(loss)
    assert_close(
        loss,
        torch.tensor([0.0, 300 * math.log(10), math.log(4)], dtype=torch.float64),
        rtol=1e-9,
        atol=1e-12,
    )


@pytest.mark.describe(
    en="a zero probability of the true class gives +inf", zh="真实类别概率为 0 时损失为 +inf"
)
@pytest.mark.concepts("linear-softmax-log-softmax-in-loss")
def test_zero_probability_of_the_true_class_gives_infinity(student):
    """-log(0) = inf: the formula says so and the loss must not hide it (no epsilon, no clamp)."""
    y_hat = torch.tensor([[0.0, 1.0], [0.5, 0.5]])
    loss = assert_tensor(
        student.cross_entropy(y_hat, torch.tensor([0, 1])), shape=(2,), dtype=y_hat.dtype
    )
    assert torch.isinf(loss[0]) and loss[0] > 0, (
        f"expected +inf for a zero probability, got {loss[0].item()}"
    )
    assert_close(
        loss[1],
        torch.tensor(math.log(2)),
        rtol=1e-5,
        atol=1e-6,
        what="the loss of the second example",
    )


@pytest.mark.describe(
    en="the gradient flows into y_hat (-1 / p at the true class)",
    zh="梯度能传到 y_hat（真实类别处为 -1 / p）",
)
@pytest.mark.concepts("tensors-autograd-gather-true-class")
def test_gradient_flows_into_y_hat(student):
    """d(sum loss)/d y_hat is -1 / y_hat[i, y[i]] at each true class and 0 elsewhere."""
    y_hat, y = random_batch(6, 4, torch.float64)
    y_hat.requires_grad_()
    outcome = student.call("cross_entropy", y_hat, y, backward=True)
    assert outcome.grads[0] is not None, (
        "no gradient reached y_hat: compute the loss with tensor operations"
    )
    expected = torch.zeros_like(y_hat)
    expected[range(6), y] = -1 / y_hat.detach()[range(6), y]
    assert_close(outcome.grads[0], expected, rtol=1e-9, atol=1e-12, what="the gradient of y_hat")


@pytest.mark.describe(en="y_hat and y are not modified", zh="不修改 y_hat 和 y")
@pytest.mark.concepts("tensors-autograd-ce-labels-int64")
def test_inputs_are_not_modified(student):
    """y_hat and y are left as they were."""
    y_hat, y = random_batch(8, 5)
    outcome = student.call("cross_entropy", y_hat, y)
    assert_close(outcome.args[0], y_hat, rtol=0, atol=0, what="y_hat after the call")
    assert_close(outcome.args[1], y, rtol=0, atol=0, what="y after the call")
