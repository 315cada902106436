"""lbgym sweeps on Ray Tune.

    python -m lbgym.tune SWEEP.json --address ray://head:10001   # = lbgym sweep --config SWEEP.json --ray ADDRESS

Each (setting, seed) of the sweep file is a Tune trial that runs
`lbgym train` on the node Ray places it on, in its own log directory, and
reports every update's row of the run's metrics.csv to `tune.report` (so
Tune's schedulers, e.g. ASHA with `--ray-scheduler asha`, can stop bad trials
early). The summary table and files are `lbgym sweep`'s own: the Node side
plans the trials and summarises their outcomes (experiments/ray-sweep.ts);
`--plan` is that internal step. Every node needs Node.js >= 20 and the lbgym
npm package (LBGYM_NODE / LBGYM_HOME in the environment of `ray start`, or
on PATH), and Python with this package and ray[tune].
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

from ._launch import find_cli, find_node


def _number(v: str) -> Optional[float]:
    if v == "":
        return None
    try:
        return float(v)
    except ValueError:
        return None


def _new_rows(path: Path, seen: int) -> List[Dict[str, float]]:
    """The complete rows of metrics.csv after the first `seen` (numbers; empty cells left out)."""
    if not path.is_file():
        return []
    with path.open(newline="") as f:
        text = f.read()
    lines = text.split("\n")
    complete = lines[:-1]  # the last piece has no newline yet (or is empty)
    rows = list(csv.DictReader(complete))
    out = []
    for row in rows[seen:]:
        out.append({k: n for k, v in row.items() if (n := _number(v)) is not None})
    return out


def run_trial(config: Dict[str, Any]) -> None:
    """A Tune function trainable: `lbgym train` of one plan job, reporting each metrics row."""
    import ray
    from ray import tune

    job = config["job"]
    node = ray.get_runtime_context().get_node_id()
    train = dict(job["train"])
    logdir = Path(train["logdir"])
    logdir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", suffix=".json", dir=logdir, delete=False) as f:
        json.dump(train, f)
        cfg = f.name
    proc = subprocess.Popen([find_node(), find_cli(), "train", "--config", cfg, "--json", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = 0
    last: Dict[str, float] = {}

    def report_new() -> None:
        nonlocal seen, last
        runs = [d for d in logdir.iterdir() if d.is_dir()]
        if not runs:
            return
        for row in _new_rows(runs[0] / "metrics.csv", seen):
            seen += 1
            last = row
            tune.report({**row, "node": node, "index": job["index"]})

    try:
        while proc.poll() is None:
            report_new()
            time.sleep(0.5)
        report_new()
        stdout, stderr = proc.communicate()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.unlink(cfg)
    if proc.returncode not in (0, 130):
        outcome = {"index": job["index"], "node": node, "error": (stderr.strip().splitlines() or [f"lbgym train exited with code {proc.returncode}"])[-1]}
    else:
        outcome = {"index": job["index"], "node": node, "summary": json.loads(stdout.strip().splitlines()[-1])}
    tune.report({**last, "node": node, "index": job["index"], "outcome": json.dumps(outcome)})


def run_plan(plan_path: str, results_path: str) -> int:
    import ray
    from ray import tune

    plan = json.loads(Path(plan_path).read_text())
    ray.init(address=plan["address"], log_to_driver=False)
    scheduler = None
    if plan.get("scheduler", {}).get("name") == "asha":
        from ray.tune.schedulers import ASHAScheduler

        scheduler = ASHAScheduler(metric=plan["scheduler"]["metric"], mode=plan["scheduler"]["mode"], time_attr="training_iteration")
    tuner = tune.Tuner(
        tune.with_resources(run_trial, {"cpu": 1}),
        param_space={"job": tune.grid_search(plan["jobs"])},
        tune_config=tune.TuneConfig(scheduler=scheduler, num_samples=1),
        run_config=tune.RunConfig(name="lbgym-sweep", storage_path=str(Path(plan["logdir"]) / "ray"), verbose=0),
    )
    grid = tuner.fit()
    outcomes = []
    for result in grid:
        job = result.config["job"]
        outcome = (result.metrics or {}).get("outcome")
        if outcome is not None:
            outcomes.append(json.loads(outcome))
        else:
            stopped = result.error is None
            why = "stopped early by the Tune scheduler" if stopped else str(result.error).strip().splitlines()[-1]
            outcomes.append({"index": job["index"], "node": (result.metrics or {}).get("node"), "error": why})
    Path(results_path).write_text(json.dumps(sorted(outcomes, key=lambda o: o["index"])))
    ray.shutdown()
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="python -m lbgym.tune", description="Run an lbgym sweep file on a Ray cluster (lbgym sweep --ray)")
    p.add_argument("config", nargs="?", help="the sweep file (JSON, as for lbgym sweep)")
    p.add_argument("--address", help="the Ray cluster's address (e.g. 127.0.0.1:6379 or ray://host:10001)")
    p.add_argument("--scheduler", choices=["asha"], help="a Tune scheduler that stops bad trials early (on episodic_return)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--plan", help=argparse.SUPPRESS)
    p.add_argument("--results", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.plan is not None:
        return run_plan(args.plan, args.results)
    if args.config is None or args.address is None:
        p.error("give the sweep file and --address")
    cmd = [find_node(), find_cli(), "sweep", "--config", args.config, "--ray", args.address]
    if args.scheduler:
        cmd += ["--ray-scheduler", args.scheduler]
    if args.json:
        cmd.append("--json")
    return subprocess.call(cmd, env={**os.environ, "LBGYM_PYTHON": sys.executable})


if __name__ == "__main__":
    sys.exit(main())
