"""Hidden tests of bleu(pred_seq, label_seq, k): d2l's BLEU with clipped matches and weights 1/2^n.

Expected values are worked out by hand in each test (math.exp of the brevity penalty times the
weighted precisions).
"""

import math

import pytest

from dlprep.grader.checks import assert_close


def check_score(value, expected, what="the BLEU score"):
    """A Python float first, then the value within 1e-6."""
    assert type(value) is float, (
        f"expected {what} to be a Python float, got {type(value).__name__} {value!r}"[:300]
    )
    assert_close(value, expected, rtol=0, atol=1e-6, what=what)


@pytest.mark.describe(
    en="Identical sequences score 1.0 for k = 1, 2 and 4",
    zh="完全相同的序列在 k = 1、2、4 时都得 1.0",
)
def test_identical_sequences(student):
    for k in (1, 2, 4):
        check_score(student.bleu("A B C D", "A B C D", k), 1.0, f"the score with k = {k}")


@pytest.mark.describe(
    en="'A B' against 'A B C D E F', k = 2: only the brevity penalty exp(1 - 6/2) = 0.135335",
    zh="'A B' 对 'A B C D E F'、k = 2：只有简短惩罚 exp(1 - 6/2) = 0.135335",
)
@pytest.mark.concepts("rnns-bleu-formula")
def test_brevity_penalty(student):
    check_score(student.bleu("A B", "A B C D E F", 2), math.exp(-2))


@pytest.mark.describe(
    en="'A B B C D' against 'A B C D E F', k = 2: exp(-0.2) (4/5)^(1/2) (3/4)^(1/4) = 0.681477 (B matches once)",
    zh="'A B B C D' 对 'A B C D E F'、k = 2：exp(-0.2) (4/5)^(1/2) (3/4)^(1/4) = 0.681477（B 只匹配一次）",
)
@pytest.mark.concepts("rnns-bleu-example")
def test_clipped_matches_and_d2l_weights(student):
    expected = math.exp(1 - 6 / 5) * (4 / 5) ** 0.5 * (3 / 4) ** 0.25
    check_score(student.bleu("A B B C D", "A B C D E F", 2), expected)


@pytest.mark.describe(
    en="The same pair with k = 4 scores 0.0: no 4-gram of the prediction is in the label",
    zh="同一对序列在 k = 4 时得 0.0：预测中没有一个 4 元语法出现在标签中",
)
@pytest.mark.concepts("rnns-bleu-example")
def test_zero_precision_gives_zero(student):
    check_score(student.bleu("A B B C D", "A B C D E F", 4), 0.0)


@pytest.mark.describe(
    en="A prediction longer than the label has no brevity penalty: 'A B C D E F G' vs 'A B C', k = 1 gives (3/7)^(1/2)",
    zh="比标签长的预测没有简短惩罚：'A B C D E F G' 对 'A B C'、k = 1 得 (3/7)^(1/2)",
)
@pytest.mark.concepts("rnns-bleu-formula")
def test_longer_prediction_is_not_penalised(student):
    check_score(student.bleu("A B C D E F G", "A B C", 1), (3 / 7) ** 0.5)


@pytest.mark.describe(
    en="k larger than the prediction uses only n <= len_pred: 'A B' vs 'A B C', k = 4 gives exp(-0.5)",
    zh="k 大于预测长度时只用 n <= len_pred：'A B' 对 'A B C'、k = 4 得 exp(-0.5)",
)
def test_k_larger_than_the_prediction(student):
    check_score(student.bleu("A B", "A B C", 4), math.exp(1 - 3 / 2))


@pytest.mark.describe(
    en="Tokens are words split on spaces, not characters: 'the cat sat' vs 'the cat sat on the mat', k = 2 gives exp(-1)",
    zh="词元是按空格切分的单词而不是字符：'the cat sat' 对 'the cat sat on the mat'、k = 2 得 exp(-1)",
)
def test_tokens_are_words(student):
    check_score(student.bleu("the cat sat", "the cat sat on the mat", 2), math.exp(1 - 6 / 3))


@pytest.mark.describe(
    en="Precision divides by the prediction's n-gram count: 'he is here' vs 'he is not here now', k = 2",
    zh="精度除以预测序列的 n 元语法个数：'he is here' 对 'he is not here now'、k = 2",
)
def test_precision_over_prediction_ngrams(student):
    # p1 = 3/3, p2 = 1/2 ('he is' matches, 'is here' does not); brevity exp(1 - 5/3)
    expected = math.exp(1 - 5 / 3) * 1.0 * (1 / 2) ** 0.25
    check_score(student.bleu("he is here", "he is not here now", 2), expected)
