"""Points the package at this checkout's JavaScript side (built dist/) unless LBGYM_HOME is set."""
import os
import signal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("LBGYM_HOME", str(ROOT))


@pytest.fixture
def no_hang():
    """The test fails instead of hanging: SIGALRM after 60 s."""
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("test hung")))
    signal.alarm(60)
    yield
    signal.alarm(0)
