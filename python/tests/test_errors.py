"""Errors: lbgym's messages as Python exceptions, a dead server as a clear error (never a hang), idempotent close, no stray or zombie processes."""
import gc
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import lbgym


def gone(pid, within=10.0):
    """Whether process `pid` has ended and been reaped (no /proc entry left, not even a zombie) within `within` s."""
    deadline = time.time() + within
    while time.time() < deadline:
        if not os.path.exists(f"/proc/{pid}"):
            return True
        time.sleep(0.05)
    return False


pytestmark = pytest.mark.usefixtures("no_hang")


def test_invalid_action_raises_lbgym_message_and_the_env_works_after_reset():
    env = lbgym.make("LB-OneShot-v0")
    try:
        env.reset(seed=1)
        with pytest.raises(lbgym.LbgymError, match=r"K must be in \[0, 1\], got 2"):
            env.step(np.array([2.0, 1.0], dtype=np.float32))
        env.reset(seed=1)
        obs, reward, terminated, _, _ = env.step(np.array([0.5, 1.0], dtype=np.float32))
        assert terminated and np.isfinite(reward)
    finally:
        env.close()


def test_unknown_id_and_bad_kwargs_carry_lbgym_message():
    with pytest.raises(lbgym.LbgymError, match='no environment registered as "LB-Nope-v0"'):
        lbgym.make("LB-Nope-v0")
    with pytest.raises(lbgym.LbgymError, match="bogus"):
        lbgym.make("LB-OneShot-v0", bogus=1)


def test_a_killed_server_raises_a_clear_error_and_never_hangs():
    env = lbgym.make("LB-OneShot-v0")
    env.reset(seed=1)
    os.kill(env.server_pid, signal.SIGKILL)
    with pytest.raises(lbgym.BridgeError, match=rf"lbgym serve \(pid {env.server_pid}\) killed by signal 9"):
        env.step(np.array([0.5, 1.0], dtype=np.float32))
    with pytest.raises(lbgym.BridgeError, match="killed by signal 9"):
        env.reset()
    env.close()
    env.close()


def test_close_is_idempotent_and_reaps_the_server():
    env = lbgym.make_vec("LB-OneShot-v0", 4)
    pid = env.server_pid
    proc = env._conn._server.proc
    env.close()
    env.close()
    assert proc.returncode == 0  # waited for: no zombie
    assert gone(pid)
    with pytest.raises(lbgym.BridgeError, match="closed"):
        env.step(np.zeros((4, 2), dtype=np.float32))


def test_garbage_collection_ends_the_server():
    env = lbgym.make("Park-LoadBalance-v0")
    pid = env.server_pid
    proc = env._conn._server.proc
    del env
    gc.collect()
    assert proc.returncode is not None
    assert gone(pid)


def test_the_server_dies_with_its_owner():
    code = "import lbgym, sys; e = lbgym.make('LB-OneShot-v0'); print(e.server_pid, flush=True); sys.stdin.read()"
    owner = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=os.environ)
    pid = int(owner.stdout.readline())
    owner.kill()
    owner.wait()
    assert gone(pid)


def test_missing_node_or_package_names_what_is_missing(monkeypatch):
    monkeypatch.setenv("LBGYM_NODE", "/nonexistent/node")
    with pytest.raises(lbgym.LbgymSetupError, match="LBGYM_NODE=/nonexistent/node is not an executable"):
        lbgym.make("LB-OneShot-v0")
    monkeypatch.delenv("LBGYM_NODE")
    monkeypatch.setenv("LBGYM_HOME", "/tmp")
    with pytest.raises(lbgym.LbgymSetupError, match=r"LBGYM_HOME=/tmp has no dist/experiments/cli.js"):
        lbgym.make("LB-OneShot-v0")
    monkeypatch.delenv("LBGYM_HOME")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(lbgym.LbgymSetupError, match="Node.js not found"):
        lbgym.make("LB-OneShot-v0")
