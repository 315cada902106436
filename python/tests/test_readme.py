"""The README's five-line Python example runs as written."""
import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_example_runs():
    section = README.read_text().split("## Python\n", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    assert len(code.strip().splitlines()) == 5
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    reward, rest = out.getvalue().split(" ", 1)
    assert float(reward) < 0 and "'K'" in rest and "'value'" in rest
    import lbgym

    lbgym.analyze.close()
