"""lbgym's ids in Gymnasium's registry, as `lbgym/<id>` (e.g. `lbgym/LB-OneShot-v0`).

The lists mirror the JS registry (envs/registration.ts); a test checks they agree.
"""
from __future__ import annotations

SINGLE_AGENT_IDS = ("LB-Dispatch-v0", "LB-Dynamic-v0", "LB-OneShot-v0", "Park-LoadBalance-v0")
MULTI_AGENT_IDS = ("LB-DispatchMulti-v0", "LB-MultiAgent-v0")
NAMESPACE = "lbgym"


def register_envs() -> None:
    """Registers every single-agent id under the `lbgym/` namespace (idempotent)."""
    import gymnasium

    for env_id in SINGLE_AGENT_IDS:
        full = f"{NAMESPACE}/{env_id}"
        if full not in gymnasium.registry:
            # Time limits and checks live in lbgym itself: no Gymnasium TimeLimit on top.
            gymnasium.register(id=full, entry_point="lbgym.env:LbgymEnv", kwargs={"env_id": env_id}, disable_env_checker=True)
