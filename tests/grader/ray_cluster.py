"""A real two-node Ray cluster on loopback for the Ray backend's tests (started and stopped here).

Ray rewrites the node address 127.0.0.1 (and "localhost") into the machine's routable address
(`resolve_ip_for_localhost`, unless RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0, which also refuses a
second node), so both nodes and the driver use 127.0.0.2: a loopback address Ray does not
rewrite. Each node runs `ray start --block` in its own session; stopping kills those process
groups by id (never `ray stop`, which stops every Ray on the machine).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

NODE_IP = "127.0.0.2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((NODE_IP, 0))
        return int(sock.getsockname()[1])


@dataclass
class Cluster:
    address: str
    temp_dir: Path
    nodes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def raylet_pids(self, node: int) -> list[int]:
        """The raylet processes of node `node` (0: head, 1: the second node)."""
        out = subprocess.run(
            ["ps", "-o", "pid=,comm=", "--ppid", str(self.nodes[node].pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(line.split()[0]) for line in out.splitlines() if "raylet" in line]

    def stop(self) -> None:
        for process in reversed(self.nodes):
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                continue
        deadline = time.monotonic() + 20
        for process in self.nodes:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        shutil.rmtree(self.temp_dir, ignore_errors=True)  # the session's logs and sockets


def _ray(*args: str, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "RAY_USAGE_STATS_ENABLED": "0", "RAY_NODE_IP_ADDRESS": NODE_IP}
    with log.open("ab") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "ray.scripts.scripts", "start", "--block", *args],
            stdout=handle,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )


def start_cluster(timeout: float = 120.0) -> Cluster:
    """Head node (1 CPU) + a second node (1 CPU) on NODE_IP; RuntimeError when Ray cannot start."""
    import ray

    temp_dir = Path(tempfile.mkdtemp(prefix="rayt-", dir="/tmp"))
    port = free_port()
    cluster = Cluster(f"{NODE_IP}:{port}", temp_dir)
    common = ["--node-ip-address", NODE_IP, "--num-cpus", "1", "--disable-usage-stats"]
    cluster.nodes.append(
        _ray(
            "--head",
            "--port",
            str(port),
            "--dashboard-agent-listen-port",
            str(free_port()),
            "--include-dashboard",
            "false",
            "--temp-dir",
            str(temp_dir),
            *common,
            log=temp_dir / "head.log",
        )
    )
    if not _wait_for(cluster, 1, timeout):
        _give_up(cluster, "the Ray head did not start", temp_dir / "head.log")
    cluster.nodes.append(
        _ray(
            "--address",
            cluster.address,
            "--dashboard-agent-listen-port",
            str(free_port()),
            *common,
            log=temp_dir / "node.log",
        )
    )
    if not _wait_for(cluster, 2, timeout):
        _give_up(cluster, "the second Ray node did not join", temp_dir / "node.log")
    assert ray.is_initialized()
    return cluster


def _give_up(cluster: Cluster, what: str, log: Path) -> None:
    """Stop what started and raise with the log's tail (read before `stop` removes it)."""
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else "(no log)"
    cluster.stop()
    raise RuntimeError(f"{what}; its log ends:\n{tail}")


def _wait_for(cluster: Cluster, nodes: int, timeout: float) -> bool:
    import ray

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(process.poll() is not None for process in cluster.nodes):
            return False
        try:
            if not ray.is_initialized():
                ray.init(
                    address=cluster.address,
                    _node_ip_address=NODE_IP,
                    log_to_driver=False,
                    include_dashboard=False,
                )
            if sum(node["Alive"] for node in ray.nodes()) >= nodes:
                return True
        except Exception:  # not up yet
            if ray.is_initialized():
                ray.shutdown()
        time.sleep(1.0)
    return False
