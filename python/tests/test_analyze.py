"""lbgym.analyze: the exact solver through the bridge."""
import numpy as np

from lbgym import analyze

KW = {"reward": "variance", "loads": {"kind": "uniform", "low": 0, "high": 20}}


def test_expected_reward_and_optimum():
    r = analyze.expected_reward([12, 3], K=0.5, tb=0.25, **KW)
    assert r["reward"] == "variance" and np.isfinite(r["value"]) and r["completionTime"] > 0
    o = analyze.optimum([12, 3], **KW)
    assert o["value"] >= r["value"]
    at_opt = analyze.expected_reward([12, 3], K=o["K"], tb=o["tb"], **KW)
    assert abs(at_opt["value"] - o["value"]) < 1e-6 * abs(o["value"])


def test_regret_of_a_python_policy():
    grid, obs = analyze.regret_grid(**KW)
    assert obs.shape == (25, 2) and len(grid) == 25
    none = analyze.regret(lambda o: np.zeros((len(o), 2)), **KW)
    assert abs(none["normalizedRegret"] - 1) < 1e-12
    optima = [analyze.optimum(g, **KW) for g in grid]
    best = analyze.regret(lambda o: np.array([[p["K"], p["tb"]] for p in optima]), **KW)
    assert abs(best["regret"]) < 1e-6 and best["regret"] < none["regret"]
    analyze.close()
