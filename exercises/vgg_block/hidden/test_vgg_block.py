"""Hidden tests of vgg_block(num_convs, in_channels, out_channels) -> nn.Sequential.

The returned module stays in the sandbox: it comes back as its summary (layer types, their
`__constants__` hyperparameters, parameter shapes and count; see `dlprep_child.module_summary`)
and `forward=[X]` runs it on an input chosen here. Structure and shapes are exact; inputs are
seeded.
"""

import pytest
import torch

from dlprep.grader.checks import assert_finite, assert_tensor


def block(student, num_convs, in_channels, out_channels, input_shape=None):
    """(summary, output) of the learner's block; the summary checked to be a Sequential first."""
    forward = None
    if input_shape is not None:
        generator = torch.Generator().manual_seed(sum(input_shape))
        forward = [torch.randn(*input_shape, generator=generator)]
    outcome = student.call("vgg_block", num_convs, in_channels, out_channels, forward=forward)
    summary = outcome.value
    assert isinstance(summary, dict) and "type" in summary, (
        f"vgg_block must return an nn.Sequential module, got {type(summary).__name__}"
    )
    assert summary["type"] == "Sequential", (
        f"vgg_block must return an nn.Sequential, got a {summary['type']}"
    )
    return summary, outcome.forward


def layer_types(summary):
    return [child["type"] for child in summary["children"]]


def pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def expected_parameters(num_convs, in_channels, out_channels):
    first = 9 * in_channels * out_channels + out_channels
    return first + (num_convs - 1) * (9 * out_channels * out_channels + out_channels)


@pytest.mark.describe(
    en="The prompt's example: vgg_block(2, 64, 128) maps (1, 64, 28, 28) to (1, 128, 14, 14) with 221,440 parameters",
    zh="题目中的示例：vgg_block(2, 64, 128) 把 (1, 64, 28, 28) 变成 (1, 128, 14, 14)，共 221,440 个参数",
)
@pytest.mark.concepts("shapes-vgg-blocks")
def test_worked_example(student):
    summary, output = block(student, 2, 64, 128, input_shape=(1, 64, 28, 28))
    assert_tensor(output, shape=(1, 128, 14, 14), dtype=torch.float32, what="the block's output")
    assert summary["parameter_count"] == 221_440, (
        f"expected 221,440 parameters, got {summary['parameter_count']:,}"
    )


@pytest.mark.describe(
    en="Layers in order: num_convs x (Conv2d, ReLU), then one MaxPool2d, directly in the Sequential",
    zh="层的顺序：num_convs 个（Conv2d、ReLU），最后一个 MaxPool2d，直接放在 Sequential 里",
)
@pytest.mark.concepts("cnn-vgg-block")
def test_layers_in_order(student):
    summary, _ = block(student, 3, 3, 8)
    expected = ["Conv2d", "ReLU"] * 3 + ["MaxPool2d"]
    assert layer_types(summary) == expected, (
        f"expected layers {expected}, got {layer_types(summary)}"
    )


@pytest.mark.describe(
    en="Every convolution is 3x3 with padding 1 and stride 1; the first maps in -> out channels, the rest out -> out",
    zh="每个卷积都是 3×3、填充 1、步幅 1；第一个把通道数 in -> out，其余都是 out -> out",
)
@pytest.mark.concepts("cnn-vgg-block")
def test_convolutions(student):
    summary, _ = block(student, 3, 3, 8)
    convs = [child for child in summary["children"] if child["type"] == "Conv2d"]
    assert len(convs) == 3, f"expected 3 Conv2d layers, got {len(convs)}"
    for index, conv in enumerate(convs):
        config, expected_in = conv["config"], 3 if index == 0 else 8
        where = f"convolution {index + 1}"
        assert pair(config["kernel_size"]) == (3, 3), (
            f"{where}: kernel_size {config['kernel_size']}, expected 3"
        )
        assert pair(config["padding"]) == (1, 1), (
            f"{where}: padding {config['padding']}, expected 1"
        )
        assert pair(config["stride"]) == (1, 1), f"{where}: stride {config['stride']}, expected 1"
        assert (config["in_channels"], config["out_channels"]) == (expected_in, 8), (
            f"{where} maps {config['in_channels']} -> {config['out_channels']} channels, "
            f"expected {expected_in} -> 8"
        )
        assert conv["parameters"] == {"weight": [8, expected_in, 3, 3], "bias": [8]}, (
            f"{where}: parameter shapes {conv['parameters']}"
        )


@pytest.mark.describe(
    en="The block ends with a 2x2 max-pool of stride 2",
    zh="块以步幅为 2 的 2×2 最大池化结尾",
)
@pytest.mark.concepts("cnn-vgg-block")
def test_max_pool(student):
    summary, _ = block(student, 2, 4, 4)
    pools = [child for child in summary["children"] if child["type"] == "MaxPool2d"]
    assert len(pools) == 1 and summary["children"][-1]["type"] == "MaxPool2d", (
        f"expected exactly one MaxPool2d, as the last layer; got layers {layer_types(summary)}"
    )
    config = pools[0]["config"]
    assert pair(config["kernel_size"]) == (2, 2) and pair(config["stride"]) == (2, 2), (
        f"max-pool kernel_size {config['kernel_size']}, stride {config['stride']}: expected 2 and 2"
    )


@pytest.mark.describe(
    en="num_convs = 1 works: Conv2d, ReLU, MaxPool2d; (2, 5, 6, 6) becomes (2, 7, 3, 3)",
    zh="num_convs = 1 也能用：Conv2d、ReLU、MaxPool2d；(2, 5, 6, 6) 变成 (2, 7, 3, 3)",
)
def test_single_convolution(student):
    summary, output = block(student, 1, 5, 7, input_shape=(2, 5, 6, 6))
    assert_tensor(output, shape=(2, 7, 3, 3), dtype=torch.float32, what="the block's output")
    assert layer_types(summary) == ["Conv2d", "ReLU", "MaxPool2d"], (
        f"expected [Conv2d, ReLU, MaxPool2d], got {layer_types(summary)}"
    )


@pytest.mark.describe(
    en="Height and width are halved (rounded down: 9 -> 4), channels become out_channels, outputs are >= 0",
    zh="高和宽减半（向下取整：9 -> 4），通道数变为 out_channels，输出非负",
)
@pytest.mark.concepts("shapes-vgg-blocks")
def test_output_shape_on_an_odd_size(student):
    _, output = block(student, 2, 3, 8, input_shape=(2, 3, 9, 9))
    assert_tensor(output, shape=(2, 8, 4, 4), dtype=torch.float32, what="the block's output")
    assert_finite(output, what="the block's output")
    assert float(output.min()) >= 0, (
        "the output has negative values: a ReLU follows every convolution"
    )


@pytest.mark.parametrize(
    "num_convs, in_channels, out_channels", [(1, 1, 16), (2, 16, 32), (4, 3, 5)]
)
@pytest.mark.describe(
    en="The parameter count is (9*in*out + out) + (num_convs - 1)*(9*out*out + out)",
    zh="参数数量为 (9*in*out + out) + (num_convs - 1)*(9*out*out + out)",
)
@pytest.mark.concepts("shapes-vgg-block-params")
def test_parameter_count(student, num_convs, in_channels, out_channels):
    summary, _ = block(student, num_convs, in_channels, out_channels)
    expected = expected_parameters(num_convs, in_channels, out_channels)
    assert summary["parameter_count"] == expected, (
        f"vgg_block({num_convs}, {in_channels}, {out_channels}) has {summary['parameter_count']:,} "
        f"parameters, expected {expected:,}"
    )
