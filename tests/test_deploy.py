"""deploy/newsbot.service is a unit systemd accepts, hardened, and the README installs it as written.

`systemd-analyze verify` loads the unit as systemd would and prints any unknown key, bad value or
missing program: the test wants it silent. `systemd-analyze security --offline` scores the
sandbox (0 = locked down, 10 = none): the test keeps it where the hardening put it. Where
systemd-analyze is not installed (macOS, a container without systemd) those two tests skip,
saying so. The README's "Run as a service" uses the unit's own paths.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
UNIT = ROOT / "deploy" / "newsbot.service"
INSTALLED = "/opt/newsbot/.venv/bin/newsbot"  # where the README installs newsbot
MAX_EXPOSURE = 2.0  # systemd-analyze security: 1.4 with this hardening ("OK"), 9.2 without its lines


def directives(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z]+)=(.*)$", line)
        if match:
            found.setdefault(match.group(1), []).append(match.group(2))
    return found


@pytest.fixture
def unit_here(tmp_path: Path) -> Path:
    """The unit, its ExecStart pointed at this checkout's newsbot (verify checks that the program
    exists); nothing else changed."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here: the unit is checked where systemd is")
    text = UNIT.read_text(encoding="utf-8")
    assert text.count(INSTALLED) == 1
    here = tmp_path / "newsbot.service"
    here.write_text(text.replace(INSTALLED, str(Path(sys.executable).with_name("newsbot"))), encoding="utf-8")
    return here


def test_systemd_accepts_the_unit_without_a_warning(unit_here: Path) -> None:
    result = subprocess.run(["systemd-analyze", "verify", str(unit_here)], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_sandbox_keeps_its_exposure_score(unit_here: Path) -> None:
    result = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--no-pager", str(unit_here)],
                            capture_output=True, text=True, timeout=60)
    match = re.search(r"Overall exposure level for newsbot\.service: ([0-9.]+)", result.stdout)
    assert match, result.stdout + result.stderr
    assert float(match.group(1)) <= MAX_EXPOSURE, result.stdout


def test_the_unit_runs_serve_as_its_own_user_writing_only_its_folder() -> None:
    unit = directives(UNIT.read_text(encoding="utf-8"))
    assert unit["ExecStart"] == [f"{INSTALLED} serve"]
    assert unit["User"] == unit["Group"] == ["newsbot"]
    assert unit["EnvironmentFile"] == ["/etc/newsbot/newsbot.env"]
    assert unit["Restart"] == ["on-failure"]
    assert unit["NoNewPrivileges"] == ["yes"] and unit["ProtectSystem"] == ["strict"]
    assert unit["StateDirectory"] == ["newsbot"] and unit["ReadWritePaths"] == ["/var/lib/newsbot"]
    assert unit["WorkingDirectory"] == ["/var/lib/newsbot"]  # NEWSBOT_DB=newsbot.db (.env.example) lands there
    assert not {"ReadWriteDirectories", "InaccessiblePaths"} & unit.keys()


def test_the_readme_installs_the_unit_with_its_own_paths() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Run as a service", 1)[1].split("\n## ", 1)[0]
    commands = "\n".join(re.findall(r"```sh\n(.*?)```", section, flags=re.S))
    for path in ("deploy/newsbot.service", "/etc/systemd/system/newsbot.service", "/etc/newsbot/newsbot.env",
                 "/opt/newsbot", "/var/lib/newsbot", INSTALLED):
        assert path in commands, path
    for command in ("useradd --system", "systemctl daemon-reload", "systemctl enable --now newsbot",
                    "newsbot-admin doctor", "newsbot-admin backup", "newsbot-admin restore --force"):
        assert command in commands, command
