"""A sweep on a real two-node Ray cluster on loopback (one CPU each): trials land on both
nodes, and the summary equals a local `lbgym sweep` with the same seeds."""
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import lbgym

pytest.importorskip("ray.tune", reason="ray[tune] is not installed in this venv (LBGYM_PYTHON_EXTRAS=tune npm test installs it; RLlib is not needed)")

RAY = str(Path(sys.executable).with_name("ray"))
SWEEP = {
    "env": "LB-OneShot-v0",
    "algo": "ppo",
    "envKwargs": {"loads": {"kind": "uniform", "low": 0, "high": 20}},
    "base": {"totalSteps": 512, "numEnvs": 4, "numSteps": 64},
    "grid": {"learningRate": [0.0003, 0.001]},
    "seeds": [1, 2],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args):
    # Its own process group: the teardown ends exactly the processes this test started.
    return subprocess.Popen([RAY, "start", *args, "--num-cpus", "1", "--disable-usage-stats", "--block"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env=os.environ)


def stop(proc):
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
            break
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # any node process left in the group
    except ProcessLookupError:
        pass


def wait_for_nodes(address, n, timeout=180):
    deadline = time.time() + timeout
    while time.time() < deadline:
        out = subprocess.run([RAY, "status", "--address", address], capture_output=True, text=True)
        active = out.stdout.split("Pending:")[0]
        if out.returncode == 0 and active.count(" node_") >= n:
            return
        time.sleep(1)
    raise TimeoutError(f"the Ray cluster at {address} did not reach {n} nodes in {timeout} s")


def test_two_node_ray_sweep_equals_a_local_sweep(tmp_path):
    port = free_port()
    address = f"127.0.0.1:{port}"
    head = start(["--head", "--port", str(port), "--include-dashboard=false"])
    worker = None
    try:
        wait_for_nodes(address, 1)
        worker = start(["--address", address])
        wait_for_nodes(address, 2)
        (tmp_path / "ray.json").write_text(json.dumps({**SWEEP, "logdir": str(tmp_path / "ray")}))
        (tmp_path / "local.json").write_text(json.dumps({**SWEEP, "logdir": str(tmp_path / "local")}))
        ray_out = subprocess.run([sys.executable, "-m", "lbgym.tune", str(tmp_path / "ray.json"), "--address", address, "--json"], capture_output=True, text=True, timeout=600, env=os.environ)
        assert ray_out.returncode == 0, ray_out.stderr[-3000:]
        local_out = subprocess.run([lbgym.find_node(), lbgym.find_cli(), "sweep", "--config", str(tmp_path / "local.json"), "--workers", "2", "--json"], capture_output=True, text=True, timeout=600)
        assert local_out.returncode == 0, local_out.stderr[-3000:]
    finally:
        if worker is not None:
            stop(worker)
        stop(head)
    by_ray = json.loads(ray_out.stdout.strip().splitlines()[-1])
    local = json.loads(local_out.stdout.strip().splitlines()[-1])
    assert len(by_ray["rows"]) == 2 and by_ray["failures"] == []
    for a, b in zip(by_ray["rows"], local["rows"]):
        assert a["setting"] == b["setting"] and a["seeds"] == b["seeds"] == [1, 2]
        for key in ("finalReturn", "regret", "normalizedRegret"):
            assert a[key] == b[key], key
    outcomes = json.loads((tmp_path / "ray" / "ray-results.json").read_text())
    assert len({o["node"] for o in outcomes}) == 2  # trials ran on both nodes
    for name in ("sweep.json", "sweep.csv", "sweep-state.json"):
        assert (tmp_path / "ray" / name).is_file()
    header = (tmp_path / "ray" / "sweep.csv").read_text().splitlines()[0]
    assert header == (tmp_path / "local" / "sweep.csv").read_text().splitlines()[0]
    # Every update's metrics reached Tune: 2 updates and the final report per trial.
    results = list((tmp_path / "ray" / "ray" / "lbgym-sweep").glob("*/result.json"))
    assert len(results) == 4 and all(len(r.read_text().splitlines()) == 3 for r in results)
