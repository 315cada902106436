"""Finding Node.js and lbgym's JavaScript package, and starting `lbgym serve`."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Optional, Tuple

CLI_RELATIVE = Path("dist") / "experiments" / "cli.js"


class LbgymSetupError(RuntimeError):
    """Node.js or the lbgym npm package cannot be found."""


def find_node() -> str:
    """The node executable: $LBGYM_NODE, else `node` on PATH."""
    env = os.environ.get("LBGYM_NODE")
    if env:
        if not (os.path.isfile(env) and os.access(env, os.X_OK)):
            raise LbgymSetupError(f"lbgym: LBGYM_NODE={env} is not an executable file (it must point to node >= 20)")
        return env
    found = shutil.which("node")
    if found is None:
        raise LbgymSetupError("lbgym: Node.js not found: put node (>= 20) on PATH or set LBGYM_NODE to its path")
    return found


def find_cli() -> str:
    """lbgym's CLI script: $LBGYM_HOME/dist/experiments/cli.js, the `lbgym` executable on PATH, or node_modules/lbgym above the working directory."""
    home = os.environ.get("LBGYM_HOME")
    if home:
        cli = Path(home) / CLI_RELATIVE
        if not cli.is_file():
            raise LbgymSetupError(
                f"lbgym: LBGYM_HOME={home} has no {CLI_RELATIVE} (point it to the lbgym npm package, or run `npm run build` in a checkout)"
            )
        return str(cli)
    exe = shutil.which("lbgym")
    if exe is not None:
        real = Path(os.path.realpath(exe))
        if real.name == "cli.js" and real.is_file():
            return str(real)
    here = Path.cwd()
    for d in (here, *here.parents):
        cli = d / "node_modules" / "lbgym" / CLI_RELATIVE
        if cli.is_file():
            return str(cli)
    raise LbgymSetupError(
        "lbgym: the lbgym npm package was not found: set LBGYM_HOME to its directory "
        "(a checkout after `npm run build`, or node_modules/lbgym), or install it with `npm install -g lbgym`"
    )


class ServerProcess:
    """A `lbgym serve` child speaking the protocol on its end of a socket pair (passed as its fd),
    with frames through the shared file `shm_fd` when given (`--shm-fd`)."""

    def __init__(self, shm_fd: Optional[int] = None) -> None:
        node = find_node()
        cli = find_cli()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.stderr = tempfile.TemporaryFile()
        args = [node, cli, "serve", "--fd", str(theirs.fileno())]
        fds: Tuple[int, ...] = (theirs.fileno(),)
        if shm_fd is not None:
            args += ["--shm-fd", str(shm_fd)]
            fds += (shm_fd,)
        try:
            self.proc = subprocess.Popen(
                args,
                pass_fds=fds,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=self.stderr,
                close_fds=True,
            )
        except OSError as e:
            ours.close()
            self.stderr.close()
            raise LbgymSetupError(f"lbgym: cannot start {node} {cli} serve: {e}") from e
        finally:
            theirs.close()
        self.sock = ours
        self.pid = self.proc.pid

    def stderr_tail(self, limit: int = 2000) -> str:
        try:
            self.stderr.seek(0)
            text = self.stderr.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return text[-limit:]

    def exit_description(self) -> str:
        """How the child ended (it is reaped here), or that it still runs."""
        try:
            code = self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "still running"
        return f"killed by signal {-code}" if code < 0 else f"exited with code {code}"


def shutdown(proc: subprocess.Popen, sock: socket.socket, stderr, channel) -> None:
    """Closes our end (the server sees end of file and exits), then reaps the child (killed if it lingers) and releases the channel."""
    try:
        sock.close()
    except OSError:
        pass
    if proc.poll() is None:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    try:
        stderr.close()
    except (OSError, ValueError):
        pass
    channel.close()
