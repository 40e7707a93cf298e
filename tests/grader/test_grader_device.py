"""`--device auto|cpu|cuda`: device selection, the sandbox's GPU binds, and the band each device uses.

No GPU here: CUDA is unavailable for real, and `torch.cuda.is_available` (and the NVIDIA
device nodes) are mocked to pretend one; bands for cuda are written by the tests.
"""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

import pytest
import torch
from grader_toys import write_exercise

from dlprep.cli import main
from dlprep.exercises.registry import get_exercise
from dlprep.grader import devices, launcher
from dlprep.grader.bands import by_device, choose_band, read_bands, with_band
from dlprep.grader.errors import InputError
from dlprep.grader.grading import Grader
from dlprep.grader.regrade import why
from dlprep.grader.sandbox_lib.dlprep_child import builders
from dlprep.grader.submission import Submission

CPU_BAND = {"metric": "heldout_accuracy", "mean": 0.75, "std": 0.01, "n": 3, "device": "cpu"}
CUDA_BAND = {"metric": "heldout_accuracy", "mean": 0.80, "std": 0.01, "n": 3, "device": "cuda:0"}
FAKE_NODES = ["/dev/nvidia0", "/dev/nvidia-uvm", "/dev/nvidiactl"]


@pytest.fixture
def gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend this machine has one NVIDIA GPU."""
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(devices, "nvidia_device_nodes", lambda: list(FAKE_NODES))


@pytest.fixture
def no_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)


# --- selection


def test_auto_is_cpu_without_cuda_and_cuda_with_it(no_gpu: None) -> None:
    assert devices.resolve_device("auto") == "cpu"
    assert devices.resolve_device("cpu") == "cpu"


def test_auto_and_cuda_pick_a_mocked_gpu(gpu: None) -> None:
    assert devices.resolve_device("auto") == "cuda"
    assert devices.resolve_device("cuda") == "cuda"
    assert devices.resolve_device("cpu") == "cpu"  # an explicit cpu stays on the CPU


def test_cuda_without_a_gpu_is_a_clear_input_error(no_gpu: None) -> None:
    with pytest.raises(devices.DeviceUnavailable, match="sees no CUDA device") as error:
        devices.resolve_device("cuda")
    assert isinstance(error.value, InputError)
    with pytest.raises(InputError, match="unknown device"):
        devices.resolve_device("tpu")


def test_no_nvidia_nodes_means_cpu_without_importing_torch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(devices, "nvidia_device_nodes", lambda: [])
    monkeypatch.delitem(sys.modules, "torch")
    assert devices.cuda_available() is False
    assert "torch" not in sys.modules
    assert devices.resolve_device("auto") == "cpu"


def test_device_keys() -> None:
    assert [devices.device_key(name) for name in ("cuda:0", "cuda", "cpu", None, "mps")] == [
        "cuda",
        "cuda",
        "cpu",
        "cpu",
        "cpu",
    ]


@pytest.mark.parametrize(
    "argv",
    [
        ["grade", "dropout_layer", "SUB"],
        ["submit", "dropout_layer", "SUB"],
        ["grade-batch", "dropout_layer", "DIR", "--out", "OUT"],
        ["reference", "train_ch6", "--seeds", "1"],
    ],
)
def test_cli_cuda_without_a_gpu_exits_2_with_a_message(
    argv: list[str], tmp_path: Path, no_gpu: None, capsys: pytest.CaptureFixture[str]
) -> None:
    submission = tmp_path / "sub.py"
    submission.write_text("def dropout_layer(X, dropout):\n    return X\n", encoding="utf-8")
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "alice.py").write_text(submission.read_text(encoding="utf-8"), encoding="utf-8")
    names = {"SUB": str(submission), "DIR": str(folder), "OUT": str(tmp_path / "out")}
    status = main([names.get(arg, arg) for arg in argv] + ["--device", "cuda"])
    err = capsys.readouterr().err
    assert status == 2
    assert "--device cuda: this grader sees no CUDA device" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists(), "nothing is graded when the device is unavailable"


# --- the sandbox


def test_gpu_binds_only_for_cuda(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(launcher, "nvidia_device_nodes", lambda: list(FAKE_NODES))
    assert launcher.gpu_mounts("cpu") == []
    assert launcher.gpu_mounts("cuda") == [
        flag for node in FAKE_NODES for flag in ("--dev-bind-try", node, node)
    ]


@pytest.mark.parametrize("device", ["cpu", "cuda"])
def test_bubblewrap_command_binds_nvidia_nodes_after_dev_for_cuda(
    device: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if launcher.bwrap_executable() is None:
        pytest.skip("no bubblewrap binary")
    monkeypatch.setattr(launcher, "nvidia_device_nodes", lambda: list(FAKE_NODES))
    argv = launcher.launch_for(launcher.BUBBLEWRAP, 3, None, device).argv
    setenv = argv.index("DLPREP_DEVICE")
    assert argv[setenv - 1] == "--setenv" and argv[setenv + 1] == device
    binds = [argv[i + 1] for i, flag in enumerate(argv) if flag == "--dev-bind-try"]
    assert binds == (FAKE_NODES if device == "cuda" else [])
    if device == "cuda":
        assert argv.index("--dev-bind-try") > argv.index("--dev"), "binds go into the fresh /dev"


def test_degraded_children_are_told_the_device() -> None:
    launch = launcher.launch_for(launcher.DEGRADED, 3, None, "cuda")
    try:
        assert launch.env["DLPREP_DEVICE"] == "cuda"
    finally:
        if launch.host_workroot is not None:
            launch.host_workroot.rmdir()


def test_child_device_builder_follows_the_grading_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(builders, "grading_device", lambda: "cpu")
    assert builders.device() == torch.device("cpu")
    monkeypatch.setattr(builders, "grading_device", lambda: "cuda")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(RuntimeError, match="sandbox sees no GPU"):
        builders.device()
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert builders.device() == torch.device("cuda:0")


def test_ray_actors_ask_for_gpus_only_for_cuda() -> None:
    ray_pool = pytest.importorskip("dlprep.grader.ray_pool")
    assert ray_pool.actor_plan("auto", None, {"CPU": 4.0, "GPU": 2.0}) == (4, {})
    assert ray_pool.actor_plan("cpu", 3, {"CPU": 4.0}) == (3, {})
    assert ray_pool.actor_plan("cuda", None, {"CPU": 8.0, "GPU": 2.0}) == (2, {"num_gpus": 1})
    assert ray_pool.actor_plan("cuda", 5, {"CPU": 8.0, "GPU": 2.0}) == (2, {"num_gpus": 1})
    with pytest.raises(InputError, match="the Ray cluster has no GPU"):
        ray_pool.actor_plan("cuda", None, {"CPU": 8.0})


# --- bands


def test_bands_by_device_and_the_cpu_fallback() -> None:
    bands = {"cpu": {"quick": CPU_BAND}, "cuda": {"quick": CUDA_BAND}}
    chosen = choose_band(bands, "quick", "cuda")
    assert (chosen.band, chosen.device, chosen.fallback) == (CUDA_BAND, "cuda", False)
    assert chosen.to_dict() == {
        "device": "cuda",
        "profile": "quick",
        "grading_device": "cuda",
        "fallback": False,
    }
    fallback = choose_band({"cpu": {"quick": CPU_BAND}}, "quick", "cuda")
    assert (fallback.band, fallback.device, fallback.fallback) == (CPU_BAND, "cpu", True)
    assert fallback.to_dict()["note"] == (
        "no cuda band for profile quick in reference_runs.json: graded against the cpu band"
    )
    with pytest.raises(LookupError, match="'full' on cuda nor on cpu"):
        choose_band(bands, "full", "cuda")


def test_the_older_profile_keyed_layout_still_reads() -> None:
    legacy = {"quick": CPU_BAND, "full": {**CUDA_BAND}, "bare": {"mean": 0.5, "std": 0.1}}
    assert by_device(legacy) == {
        "cpu": {"quick": CPU_BAND, "bare": {"mean": 0.5, "std": 0.1}},
        "cuda": {"full": CUDA_BAND},
    }
    assert with_band(by_device(legacy), "quick", CUDA_BAND)["cuda"] == {
        "full": CUDA_BAND,
        "quick": CUDA_BAND,
    }


def test_shipped_bands_are_cpu_bands() -> None:
    for exercise_id in ("train_ch6", "train_ch3"):
        path = get_exercise(exercise_id).reference_runs_path
        assert set(json.loads(path.read_text(encoding="utf-8"))) == {"cpu"}
        assert all(band["device"] == "cpu" for band in read_bands(path)["cpu"].values())


# --- a grading: the report names the band its tests used

BAND_HIDDEN = textwrap.dedent("""\
    from dlprep.grader.protocol import Build


    def test_band_and_device(student, reference_band, device):
        assert student.echo(3) == 3
        assert reference_band["mean"] == (0.8 if device == "cuda" else 0.75)


    def test_the_child_trains_on_the_grading_device(student, device):
        assert student.echo(Build("device")) == device
""")


@pytest.fixture(scope="module")
def band_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pack = tmp_path_factory.mktemp("band-pack")
    folder = write_exercise(
        pack,
        "toy_band",
        "echo",
        "echo(x)",
        BAND_HIDDEN,
        "def echo(x):\n    return str(x.type) if hasattr(x, 'type') else x\n",
        "{wall_seconds: 30, call_seconds: 10, memory_mib: 1024}",
    )
    yaml_path = folder / "exercise.yaml"
    yaml_path.write_text(
        yaml_path.read_text(encoding="utf-8").replace("kind: function", "kind: training"),
        encoding="utf-8",
    )
    (folder / "reference_runs.json").write_text(
        "{}\n", encoding="utf-8"
    )  # each test writes its own
    return pack


def _grade(pack: Path, bands: dict[str, object], device: str) -> dict[str, object]:
    (pack / "toy_band" / "reference_runs.json").write_text(json.dumps(bands), encoding="utf-8")
    exercise = get_exercise("toy_band", [pack])
    source = "def echo(x):\n    return str(x.type) if hasattr(x, 'type') else x\n"
    with Grader(mode=launcher.DEGRADED, device=device) as grader:
        return grader.grade(exercise, Submission.from_text(source, "sub.py")).to_dict()


def test_a_cpu_grading_uses_the_cpu_band(band_pack: Path) -> None:
    report = _grade(band_pack, {"cpu": {"quick": CPU_BAND}}, "cpu")
    assert report["passed"], report["tests"]
    made = report["provenance"]
    assert isinstance(made, dict) and made["device"] == "cpu"
    assert made["reference_band"] == {
        "device": "cpu",
        "profile": "quick",
        "grading_device": "cpu",
        "fallback": False,
    }


def test_a_cuda_grading_uses_the_cuda_band_or_says_it_fell_back(band_pack: Path, gpu: None) -> None:
    """The Grader on "cuda" (mocked: this machine has no GPU, so the child cannot build one)."""
    report = _grade(band_pack, {"cpu": {"quick": CPU_BAND}, "cuda": {"quick": CUDA_BAND}}, "cuda")
    made = report["provenance"]
    assert isinstance(made, dict) and made["device"] == "cuda"
    assert made["reference_band"]["device"] == "cuda" and not made["reference_band"]["fallback"]
    statuses = {test["name"].split("::")[-1]: test["status"] for test in report["tests"]}
    assert statuses["test_band_and_device"] == "passed"
    assert statuses["test_the_child_trains_on_the_grading_device"] == "error"  # no real GPU

    fallback = _grade(band_pack, {"cpu": {"quick": CPU_BAND}}, "cuda")["provenance"]
    assert isinstance(fallback, dict)
    assert fallback["reference_band"]["device"] == "cpu" and fallback["reference_band"]["fallback"]
    assert "graded against the cpu band" in fallback["reference_band"]["note"]
    assert why({"provenance": made}, {"provenance": fallback}, False) == [
        "different reference band: cuda -> cpu (fallback for cuda)"
    ]


def test_the_terminal_report_names_a_fallback_band() -> None:
    from rich.console import Console

    from dlprep.grader.bands import BandChoice
    from dlprep.grader.render import print_report
    from dlprep.grader.report import Report, TestResult

    choice = BandChoice(CPU_BAND, "cpu", "quick", "cuda")
    report = Report("toy", [TestResult("t", "passed", 1.0)], "bubblewrap", 0.1, {})
    console = Console(record=True, width=120)
    print_report(report, console, "sub.py")
    assert "graded against" not in console.export_text()
    report = Report(
        "toy",
        [TestResult("t", "passed", 1.0)],
        "bubblewrap",
        0.1,
        {"reference_band": choice.to_dict()},
    )
    print_report(report, console, "sub.py")
    assert "no cuda band for profile quick" in console.export_text()
