"""Hidden tests of CosineScheduler: linear warmup, cosine from base_lr to final_lr, then final_lr.

Expected values come from the formulas of the prompt, computed here; tolerance 1e-9 absolute.
"""

import math

import pytest

pytestmark = pytest.mark.concepts("optimization-warmup-cosine-schedule")
ATOL = 1e-9


def expected(t, max_update, base_lr=0.01, final_lr=0.0, warmup_steps=0, warmup_begin_lr=0.0):
    if t < warmup_steps:
        return warmup_begin_lr + (base_lr - warmup_begin_lr) * t / warmup_steps
    if t <= max_update:
        progress = (t - warmup_steps) / (max_update - warmup_steps)
        return final_lr + (base_lr - final_lr) * (1 + math.cos(math.pi * progress)) / 2
    return final_lr


def lrs(scheduler, epochs):
    return [scheduler(t) for t in epochs]


def assert_schedule(got, want, epochs):
    for t, value, target in zip(epochs, got, want, strict=True):
        assert isinstance(value, float), f"lr({t}) is a {type(value).__name__}, not a float"
        assert abs(value - target) <= ATOL, f"lr({t}) = {value:.6g}, expected {target:.6g}"


WARM = {
    "max_update": 20,
    "base_lr": 0.3,
    "final_lr": 0.01,
    "warmup_steps": 5,
    "warmup_begin_lr": 0.05,
}


@pytest.mark.describe(en="the worked example of the prompt", zh="题目中的示例")
def test_worked_example(student):
    scheduler = student.new("CosineScheduler", max_update=20, base_lr=0.3, final_lr=0.01)
    assert_schedule(lrs(scheduler, [0, 10, 20]), [0.3, 0.155, 0.01], [0, 10, 20])


@pytest.mark.describe(
    en="warmup ramps linearly from warmup_begin_lr to base_lr",
    zh="预热阶段从 warmup_begin_lr 线性升到 base_lr",
)
def test_warmup_is_linear(student):
    epochs = [0, 1, 2, 3, 4, 5]
    scheduler = student.new("CosineScheduler", **WARM)
    assert_schedule(lrs(scheduler, epochs), [expected(t, **WARM) for t in epochs], epochs)


@pytest.mark.describe(
    en="cosine from base_lr to final_lr, the midpoint is their mean",
    zh="余弦阶段从 base_lr 降到 final_lr，正中间是两者的平均值",
)
def test_cosine_phase(student):
    epochs = list(range(5, 21))
    scheduler = student.new("CosineScheduler", **WARM)
    got = lrs(scheduler, epochs)
    assert_schedule(got, [expected(t, **WARM) for t in epochs], epochs)
    assert abs(scheduler(12.5) - (0.3 + 0.01) / 2) <= ATOL, "the midpoint is not the mean"
    assert all(a >= b for a, b in zip(got, got[1:], strict=False)), (
        "the lr increases after the warmup"
    )


@pytest.mark.describe(
    en="after max_update the lr stays final_lr", zh="超过 max_update 后学习率保持为 final_lr"
)
def test_constant_after_max_update(student):
    epochs = [21, 25, 30, 40, 100]
    scheduler = student.new("CosineScheduler", **WARM)
    assert_schedule(lrs(scheduler, list(range(0, 21)) + epochs)[21:], [0.01] * 5, epochs)


@pytest.mark.describe(
    en="a first call past max_update already gives final_lr",
    zh="第一次调用就超过 max_update 时也返回 final_lr",
)
def test_first_call_past_the_end(student):
    scheduler = student.new("CosineScheduler", max_update=10, base_lr=0.1, final_lr=0.001)
    assert_schedule([scheduler(15)], [0.001], [15])


@pytest.mark.describe(
    en="warmup_steps = 0 works and starts at base_lr", zh="warmup_steps = 0 时可用，从 base_lr 开始"
)
def test_no_warmup(student):
    scheduler = student.new("CosineScheduler", 10, base_lr=0.5, final_lr=0.0, warmup_steps=0)
    epochs = [0, 5, 10]
    assert_schedule(lrs(scheduler, epochs), [0.5, 0.25, 0.0], epochs)


@pytest.mark.describe(
    en="values depend only on the epoch, not on the order of calls",
    zh="结果只取决于轮次，与调用顺序无关",
)
def test_order_does_not_matter(student, seed):
    order = list(range(0, 31))
    shuffled = order[seed % 7 :] + order[: seed % 7]
    shuffled.reverse()
    scheduler = student.new("CosineScheduler", **WARM)
    assert_schedule(lrs(scheduler, shuffled), [expected(t, **WARM) for t in shuffled], shuffled)
