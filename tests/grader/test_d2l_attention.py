"""The d2l shim's attention blocks (d2l.attention): d2l's results, without d2l's in-place write."""

from __future__ import annotations

import math

import torch
from d2l import torch as d2l


def test_masked_softmax_masks_each_example_and_leaves_x_alone() -> None:
    X = torch.tensor([[[1.0, 2.0, 3.0, 4.0]], [[0.0, 0.0, 0.0, 0.0]]]).requires_grad_()
    Y = d2l.masked_softmax(X, torch.tensor([2, 0]))
    assert torch.allclose(Y[0, 0], torch.tensor([0.268941, 0.731059, 0.0, 0.0]), atol=1e-6)
    assert torch.allclose(Y[1, 0], torch.full((4,), 0.25))  # length 0: uniform, as d2l
    assert torch.equal(X.detach()[0, 0], torch.tensor([1.0, 2.0, 3.0, 4.0]))


def test_sequence_mask_returns_a_masked_copy() -> None:
    X = torch.ones(2, 3)
    assert torch.equal(
        d2l.sequence_mask(X, torch.tensor([1, 2])), torch.tensor([[1.0, 0, 0], [1, 1, 0]])
    )
    assert torch.equal(X, torch.ones(2, 3))


def test_dot_product_attention_is_softmax_of_scaled_scores_times_values() -> None:
    generator = torch.Generator().manual_seed(0)
    queries, keys = (
        torch.randn(2, 3, 4, generator=generator),
        torch.randn(2, 5, 4, generator=generator),
    )
    values = torch.randn(2, 5, 6, generator=generator)
    attention = d2l.DotProductAttention(dropout=0.5).eval()
    Y = attention(queries, keys, values, torch.tensor([[1, 2, 5], [5, 4, 3]]))
    scores = queries @ keys.transpose(1, 2) / math.sqrt(4)
    for b, row in enumerate([[1, 2, 5], [5, 4, 3]]):
        for q, length in enumerate(row):
            scores[b, q, length:] = -1e6
    weights = torch.softmax(scores, dim=-1)
    assert attention.attention_weights is not None
    assert torch.allclose(attention.attention_weights, weights, atol=1e-6)
    assert torch.allclose(Y, weights @ values, atol=1e-6)
