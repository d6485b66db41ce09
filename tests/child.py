"""A newsbot child process for the tests where the process is the point: what it prints
(tests/bot/test_secrets.py), how it stops (Ctrl-C, SIGTERM), or that it is killed with SIGKILL and
restarted (tests/test_watch_e2e.py).

Its output is read as it comes, so a test waits for a line instead of sleeping. It is started
through a trampoline that gives it the default Ctrl-C (SIGINT) handling: run in the background,
pytest ignores SIGINT, a child would inherit that, and Ctrl-C would never stop it.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

DEFAULT_SIGINT = ["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); "
                        "os.execv(sys.argv[1], sys.argv[1:])"]


class Child:
    """`command` (its first item an executable's path) in a child process, output read as it comes."""

    def __init__(self, command: list[str], env: dict[str, str], cwd: Path) -> None:
        self.process = subprocess.Popen([sys.executable, *DEFAULT_SIGINT, *command], env=env, cwd=cwd,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._changed = threading.Condition()
        self._readers = [threading.Thread(target=self._read, args=(stream,), daemon=True)
                         for stream in (self.process.stdout, self.process.stderr)]
        for reader in self._readers:
            reader.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for(self, text: str, timeout: float = 30) -> None:
        """Return once a line holding `text` was printed; fails after `timeout` s (a hang guard)."""
        with self._changed:
            if not self._changed.wait_for(lambda: any(text in line for line in self.lines), timeout):
                raise AssertionError(f"no line with {text!r} within {timeout} s: {''.join(self.lines)[-3000:]}")

    def stop(self, signum: int = signal.SIGINT, timeout: float = 20) -> str:
        """Send `signum` (Ctrl-C by default, as an admin would); all the child printed. It must stop:
        still running `timeout` s later, it is killed and the test fails."""
        self.process.send_signal(signum)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the child did not stop within {timeout} s of signal {signum}") from None
        return self.output()

    def kill(self) -> str:
        """SIGKILL: no cleanup at all, as in a crash; all the child printed."""
        self.process.kill()
        self.process.wait(10)
        return self.output()

    def output(self) -> str:
        for reader in self._readers:
            reader.join(10)
        with self._changed:
            return "".join(self.lines)
