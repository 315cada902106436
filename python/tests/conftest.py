"""Points the package at this checkout's JavaScript side (built dist/) unless LBGYM_HOME is set."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("LBGYM_HOME", str(ROOT))
