"""FashionMNIST data, minibatches, builders and the parent's scoring helpers for training exercises."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from exercises_support import write_fashion_root

from dlprep.grader import training
from dlprep.grader.quick_data import build_subset
from dlprep.grader.sandbox_data import data_cache_dir
from dlprep.grader.sandbox_lib.dlprep_common.fashion import (
    DataUnavailable,
    FashionBatches,
    load_split,
    read_npz,
    uncompressed_root,
)

# The child library imports `dlprep_common` as the sandbox does: put its root on the path.
sys.path.insert(0, str(Path(training.__file__).resolve().parent / "sandbox_lib"))
builders = importlib.import_module("dlprep_child.builders")

SHARED_DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"


@pytest.fixture
def fake_root(tmp_path: Path) -> Path:
    return write_fashion_root(tmp_path / "root", train=40, test=30)


def test_batches_cover_every_example_once_per_pass_last_one_smaller():
    images = torch.arange(10, dtype=torch.uint8).reshape(10, 1, 1).expand(10, 28, 28).contiguous()
    batches = FashionBatches(images, torch.arange(10), batch_size=4, shuffle=True)
    assert len(batches) == 3
    for _ in range(2):
        seen = [batch for batch in batches]
        assert [len(y) for _, y in seen] == [4, 4, 2]
        assert sorted(torch.cat([y for _, y in seen]).tolist()) == list(range(10))
    X, y = next(iter(batches))
    assert X.shape == (4, 1, 28, 28) and X.dtype == torch.float32
    assert torch.equal(X[:, 0, 0, 0], y.float() / 255), (
        "pixels are the uint8 values / 255, paired with their label"
    )


def test_shuffling_follows_the_global_seed_and_test_batches_keep_their_order():
    labels = torch.arange(100)
    images = torch.zeros(100, 28, 28, dtype=torch.uint8)
    shuffled = FashionBatches(images, labels, 100, shuffle=True)
    torch.manual_seed(3)
    first = next(iter(shuffled))[1]
    torch.manual_seed(3)
    assert torch.equal(next(iter(shuffled))[1], first)
    assert not torch.equal(first, labels)
    assert torch.equal(next(iter(FashionBatches(images, labels, 100, shuffle=False)))[1], labels)


def test_batch_size_must_be_positive():
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        FashionBatches(torch.zeros(1, 28, 28, dtype=torch.uint8), torch.zeros(1), 0, shuffle=False)


def test_quick_subset_splits_and_sizes():
    sizes = {
        split: len(load_split(split, "quick", builders.DEFAULT_PACKAGE_DATA, None)[1])
        for split in ("train", "test", "heldout")
    }
    assert sizes == {"train": 12_000, "test": 1_000, "heldout": 2_000}
    labels = load_split("train", "quick", builders.DEFAULT_PACKAGE_DATA, None)[1]
    assert torch.bincount(labels).min() > 1_000, "every class is represented"


@pytest.mark.parametrize(
    ("split", "profile", "message"),
    [
        ("valid", "quick", "unknown split 'valid'"),
        ("train", "huge", "unknown profile 'huge'"),
    ],
)
def test_unknown_split_or_profile(split, profile, message):
    with pytest.raises(ValueError, match=message):
        load_split(split, profile, builders.DEFAULT_PACKAGE_DATA, None)


def test_missing_data_says_what_to_do(tmp_path):
    with pytest.raises(DataUnavailable, match="fashion_quick.npz is missing: rebuild it"):
        load_split("train", "quick", tmp_path, None)
    with pytest.raises(DataUnavailable, match="pass --data-dir DIR or set DLPREP_DATA"):
        load_split("train", "full", None, None)
    with pytest.raises(DataUnavailable, match="lacks train-images-idx3-ubyte.gz"):
        load_split("train", "full", None, tmp_path)


def test_full_profile_uncompresses_into_the_cache_never_into_the_root(fake_root, tmp_path):
    before = sorted(path.name for path in (fake_root / "FashionMNIST" / "raw").iterdir())
    images, labels = load_split("train", "full", None, fake_root, tmp_path / "cache")
    assert images.shape == (40, 28, 28) and labels[:12].tolist() == [
        0,
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        8,
        9,
        0,
        1,
    ]
    assert sorted(path.name for path in (fake_root / "FashionMNIST" / "raw").iterdir()) == before
    cached = uncompressed_root(fake_root, tmp_path / "cache")
    assert (
        cached.parent == tmp_path / "cache"
        and (cached / "FashionMNIST" / "raw" / "t10k-labels-idx1-ubyte").is_file()
    )
    assert uncompressed_root(cached) == cached, "an uncompressed root is used as it is"


def test_different_roots_never_share_a_cache_entry(tmp_path):
    small = write_fashion_root(tmp_path / "small", train=10, test=10)
    large = write_fashion_root(tmp_path / "large", train=20, test=10)
    assert len(load_split("train", "full", None, small, tmp_path / "cache")[1]) == 10
    assert len(load_split("train", "full", None, large, tmp_path / "cache")[1]) == 20


@pytest.mark.skipif(not SHARED_DATASETS.is_dir(), reason="needs ../shared/datasets")
def test_full_profile_cuts_the_test_images_into_test_and_heldout(tmp_path):
    sizes = [
        len(load_split(split, "full", None, SHARED_DATASETS, tmp_path)[1])
        for split in ("test", "heldout")
    ]
    assert sizes == [5_000, 5_000]


def test_quick_data_script_rebuilds_the_subset_without_leaking_heldout(fake_root, tmp_path):
    sizes = build_subset(fake_root, tmp_path / "out", tmp_path / "cache")
    assert sizes == {"train": 40, "test": 30, "heldout": 0}
    with np.load(tmp_path / "out" / "fashion_quick.npz") as arrays:
        assert sorted(arrays.files) == [
            "test_images",
            "test_labels",
            "train_images",
            "train_labels",
        ]
    images, labels = read_npz(tmp_path / "out" / "fashion_quick.npz", "train")
    assert (
        images.dtype == torch.uint8 and labels.dtype == torch.int64 and images.shape == (40, 28, 28)
    )


def test_lenet_builder_is_d2l_lenet():
    net = builders.lenet()
    assert net(torch.zeros(2, 1, 28, 28)).shape == (2, 10)
    assert training.lenet_shapes()["7.weight"] == (120, 400)
    assert sum(parameter.numel() for parameter in net.parameters()) == 61_706


def test_fashion_iter_builder(monkeypatch):
    monkeypatch.delenv("DLPREP_PACKAGE_DATA", raising=False)
    batches = builders.fashion_iter(split="train", profile="quick", batch_size=100, limit=250)
    assert len(batches) == 3 and batches.shuffle
    assert not builders.fashion_iter(split="test", profile="quick", batch_size=100).shuffle
    with pytest.raises(ValueError, match="held-out split is scored by the grader only"):
        builders.fashion_iter(split="heldout", profile="quick", batch_size=100)


def test_device_builders_on_the_cpu(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert builders.device() == torch.device("cpu")
    assert builders.to_device(torch.ones(2)).device.type == "cpu"


def test_scoring_an_untrained_net_gives_chance_level():
    torch.manual_seed(0)
    state = builders.lenet().state_dict()
    assert 0.05 < training.heldout_accuracy(state, "quick") < 0.2
    assert training.training_loss(state, "quick") == pytest.approx(training.CHANCE_LOSS, abs=0.2)


def test_load_lenet_rejects_a_state_dict_of_another_net():
    state = builders.lenet().state_dict()
    state["7.weight"] = torch.zeros(10, 10)
    with pytest.raises(RuntimeError, match="size mismatch for 7.weight"):
        training.load_lenet(state)


def test_profiles_and_paths(monkeypatch, tmp_path):
    assert (
        training.get_profile("full").batch_size == 256
        and training.get_profile("full").num_epochs == 10
    )
    with pytest.raises(ValueError, match="unknown profile 'slow'"):
        training.get_profile("slow")
    monkeypatch.setenv("DLPREP_DATA", str(tmp_path / "env"))
    assert training.data_root() == tmp_path / "env"
    assert training.data_root(tmp_path / "option") == tmp_path / "option"
    monkeypatch.setenv("DLPREP_HOME", str(tmp_path / "home"))
    assert data_cache_dir() == tmp_path / "home" / "cache" / "fashion-mnist"
