"""examples/python/ppo_torch.py trains for a few updates on the bridged vector env, logs CleanRL's tags, and reports the exact regret."""
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

torch = pytest.importorskip("torch", reason="torch is not installed in this venv (LBGYM_PYTHON_EXTRAS=example npm test installs it)")
event_accumulator = pytest.importorskip("tensorboard.backend.event_processing.event_accumulator", reason="tensorboard is not installed (the `example` extra)")


def test_ppo_example_trains_logs_and_reports_regret(tmp_path):
    kwargs = json.dumps({"loads": {"kind": "uniform", "low": 0, "high": 20}})
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "python" / "ppo_torch.py"), "--total-timesteps", "256", "--num-envs", "8", "--num-steps", "16", "--env-kwargs", kwargs, "--logdir", str(tmp_path), "--run-name", "t"],
        check=True, capture_output=True, text=True, env=os.environ, timeout=300,
    )
    summary = json.loads(out.stdout.strip().splitlines()[-1])
    assert summary["global_step"] == 256
    assert math.isfinite(summary["regret"]) and 0 < summary["normalizedRegret"] < 2
    acc = event_accumulator.EventAccumulator(str(tmp_path / "t"))
    acc.Reload()
    tags = set(acc.Tags()["scalars"])
    assert {"charts/episodic_return", "charts/SPS", "losses/value_loss", "losses/policy_loss", "losses/approx_kl", "charts/regret"} <= tags
    assert len(acc.Scalars("losses/value_loss")) == 2
    assert len(acc.Scalars("charts/episodic_return")) == 256  # one-step episodes: every step ends one
