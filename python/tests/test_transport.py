"""The two transports (docs/bridge-protocol.md): shared memory (the default on Linux
x86-64) and the socket pair (LBGYM_BRIDGE_SHM=0) give identical results; frames
larger than the shared file grow it, both ways; the spin-less wake-up path works;
nothing is left in /dev/shm; spinning stops while the host is oversubscribed."""
import os
import platform
import signal
import sys

import numpy as np
import pytest

import lbgym
from lbgym import _shm

SHM_HERE = sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")
needs_shm = pytest.mark.skipif(not SHM_HERE, reason="the shared-memory transport is used on Linux x86-64 only")


pytestmark = pytest.mark.usefixtures("no_hang")


def trajectory(env_id, num_envs, steps):
    vec = lbgym.make_vec(env_id, num_envs)
    try:
        transport = vec._conn.transport
        vec.action_space.seed(5)
        obs, _ = vec.reset(seed=3)
        out = [obs.copy()]
        for _ in range(steps):
            obs, r, te, tr, _ = vec.step(vec.action_space.sample())
            out += [obs, r, te, tr]
        return transport, out
    finally:
        vec.close()


@needs_shm
def test_shared_memory_is_the_default_and_the_socket_gives_the_same_trajectories(monkeypatch):
    shm_transport, a = trajectory("Park-LoadBalance-v0", 8, 60)
    monkeypatch.setenv("LBGYM_BRIDGE_SHM", "0")
    socket_transport, b = trajectory("Park-LoadBalance-v0", 8, 60)
    assert (shm_transport, socket_transport) == ("shm", "socket")
    assert len(a) == len(b) == 1 + 4 * 60
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)
    assert any(float(np.sum(x)) != 0 for x in a[2::4])  # the rewards are not all zero


@pytest.mark.parametrize("shm", ["1", "0"])
def test_frames_larger_than_the_buffer_grow_it_both_ways(monkeypatch, shm):
    monkeypatch.setenv("LBGYM_BRIDGE_SHM", shm)
    vec = lbgym.make_vec("LB-OneShot-v0", 256)
    try:
        vec.reset(seed=1)
        state = vec.get_state()  # a reply of about 220 KB
        first, *_ = vec.step(np.full((256, 2), 0.5, dtype=np.float32))
        vec.set_state(state)  # a request of the same size
        again, *_ = vec.step(np.full((256, 2), 0.5, dtype=np.float32))
        np.testing.assert_array_equal(first, again)
        assert vec._conn._channel.generation >= 1  # the buffer was replaced by a larger one
    finally:
        vec.close()


@needs_shm
def test_without_spinning_every_reply_comes_through_the_wake_up_path(monkeypatch):
    monkeypatch.setenv("LBGYM_BRIDGE_SPIN_US", "0")
    _, a = trajectory("LB-OneShot-v0", 4, 30)
    monkeypatch.setenv("LBGYM_BRIDGE_SHM", "0")
    _, b = trajectory("LB-OneShot-v0", 4, 30)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


@needs_shm
def test_a_server_killed_while_the_client_sleeps_raises_a_clear_error(monkeypatch):
    monkeypatch.setenv("LBGYM_BRIDGE_SPIN_US", "0")
    env = lbgym.make("LB-OneShot-v0")
    env.reset(seed=1)
    os.kill(env.server_pid, signal.SIGKILL)
    with pytest.raises(lbgym.BridgeError, match="killed by signal 9"):
        env.step(np.array([0.5, 1.0], dtype=np.float32))
    env.close()


def test_a_bad_spin_budget_names_the_variable(monkeypatch):
    monkeypatch.setenv("LBGYM_BRIDGE_SPIN_US", "fast")
    if not SHM_HERE:
        pytest.skip("the spin budget is read only where shared memory is used")
    with pytest.raises(lbgym.LbgymSetupError, match="LBGYM_BRIDGE_SPIN_US must be a whole number of microseconds in \\[0, 10000000\\], got 'fast'"):
        lbgym.make("LB-OneShot-v0")


@needs_shm
def test_the_shared_file_has_no_name_and_nothing_is_left_in_dev_shm():
    before = set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()
    env = lbgym.make("LB-OneShot-v0")
    shm_fd = env._conn._channel.fd
    target = os.readlink(f"/proc/{env.server_pid}/fd/{shm_fd}")
    assert target.startswith("/memfd:lbgym-bridge") or target.endswith("(deleted)"), target
    env.close()
    after = set(os.listdir("/dev/shm")) if os.path.isdir("/dev/shm") else set()
    assert not [n for n in after - before if n.startswith("lbgym")]


@needs_shm
def test_spinning_stops_while_the_host_is_oversubscribed_and_resumes_later(monkeypatch):
    env = lbgym.make("Park-LoadBalance-v0")
    try:
        ch = env._conn._channel
        spin_us = _shm.U32.unpack_from(ch.buffer, _shm.SPIN)[0]
        assert spin_us == _shm.DEFAULT_SPIN_US
        env.reset(seed=1)
        # This thread gets no CPU time while the wall clock runs: oversubscribed.
        monkeypatch.setattr(_shm.time, "thread_time", lambda: 0.0)
        ch._window_start()
        for _ in range(_shm.WINDOW):
            env.step(3)
        assert ch.spin == 0 and _shm.U32.unpack_from(ch.buffer, _shm.SPIN)[0] == 0  # the server reads it too
        monkeypatch.undo()
        for _ in range(_shm.WINDOW * _shm.MIN_OFF):
            _, _, te, tr, _ = env.step(3)
            if te or tr:
                env.reset()
        assert ch.spin == ch.spin_max and _shm.U32.unpack_from(ch.buffer, _shm.SPIN)[0] == spin_us
    finally:
        env.close()
