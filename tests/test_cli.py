"""The `newsbot` command, as a user runs it: real files, a real database, in this process.

Commands run through click's CliRunner (`tests.conftest.newsbot`), as sqlite-utils' tests run its
CLI; `test_database_from_env_and_dotenv` calls the entry point, `main()`, which reads `.env`.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import SEEDS, SEEDS_DEV, newsbot, require


@pytest.fixture(scope="module")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with ./newsbot.db holding seeds/, shared by the read-only tests of this file."""
    tmp_path = tmp_path_factory.mktemp("seeded")
    result = newsbot("ingest", str(SEEDS), cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    assert "2 added" in result.stdout
    return tmp_path


def test_ingest_then_ask_in_json(seeded_dir: Path) -> None:
    result = newsbot("ask", "--json", "-k", "2", "missiles Iskander", cwd=seeded_dir)
    assert result.exit_code == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == {"question", "intent", "answers"}
    assert answer["intent"] == "search" and len(answer["answers"]) <= 2
    first = answer["answers"][0]
    assert set(first) == {"passage", "score", "speaker", "speaker_role", "quote", "article", "also_in"}
    assert set(first["article"]) == {"id", "title", "source", "url", "published", "paragraph"}
    assert "Iskander" in first["passage"] and first["article"]["paragraph"] == 14


def test_human_output_has_passage_and_source(seeded_dir: Path) -> None:
    result = newsbot("ask", "quand", "l'entrepôt", "sera-t-il", "terminé", "?", cwd=seeded_dir)
    assert result.exit_code == 0
    assert "1er juillet" in result.stdout and "§5" in result.stdout
    assert "Question (recherche)" in result.stdout


def test_english_messages(seeded_dir: Path) -> None:
    result = newsbot("ask", "zxqwv", cwd=seeded_dir, env={"NEWSBOT_LANG": "en"})
    assert "No passage matched" in result.stdout


def test_database_from_env_and_dotenv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The entry point reads ./.env; the environment wins over it, and --db over both."""

    def run_main(*args: str, env: str | None = None) -> int:
        if env is None:
            monkeypatch.delenv("NEWSBOT_DB", raising=False)
        else:
            monkeypatch.setenv("NEWSBOT_DB", env)
        monkeypatch.setattr(sys, "argv", ["newsbot", *args])
        with pytest.raises(SystemExit) as done:
            main()
        return done.value.code

    for name in [k for k in os.environ if k.startswith(("NEWSBOT_", "SLACK_"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("NEWSBOT_DB", "")  # recorded: the value .env sets is undone after the test
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("NEWSBOT_DB=from-dotenv.db\n")
    assert run_main("ingest", str(SEEDS)) == 0
    assert (tmp_path / "from-dotenv.db").exists() and not (tmp_path / "newsbot.db").exists()
    assert run_main("ingest", str(SEEDS), env="from-env.db") == 0
    assert (tmp_path / "from-env.db").exists()
    assert run_main("--db", "flag.db", "ingest", str(SEEDS), env="x.db") == 0
    assert (tmp_path / "flag.db").exists() and not (tmp_path / "x.db").exists()


def test_failed_inputs_are_named_and_exit_non_zero(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bon.txt").write_text("Le préfet a annoncé une enveloppe pour les bergers.", encoding="utf-8")
    (inbox / "vide.txt").write_text("")
    result = newsbot("ingest", str(inbox), str(tmp_path / "absent"), cwd=tmp_path)
    assert result.exit_code == 1
    assert "1 added" in result.stdout and "2 failed" in result.stdout
    assert "vide.txt: the file is empty" in result.stderr
    assert "absent: no such file or folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert "bergers" in newsbot("ask", "bergers", cwd=tmp_path).stdout


def test_ask_without_an_index_says_how_to_fill_it(tmp_path: Path) -> None:
    result = newsbot("ask", "Kremlin", cwd=tmp_path)
    assert result.exit_code == 1
    assert "newsbot ingest" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "newsbot.db").exists()


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "newsbot.db").write_text("pas une base")
    result = newsbot("ingest", str(SEEDS), cwd=tmp_path)
    assert result.exit_code == 1 and "not a newsbot database" in result.stderr
    assert (tmp_path / "newsbot.db").read_text() == "pas une base"


def test_quotes_of_a_speaker(seeded_dir: Path) -> None:
    result = newsbot("quotes", "--speaker", "poutine", "--json", cwd=seeded_dir)
    listed = json.loads(result.stdout)["quotes"]
    assert listed and all("Poutine" in q["speaker"] for q in listed)
    assert any("de quoi répondre" in q["quote"] for q in listed)
    human = newsbot("quotes", "--speaker", "Danilov", cwd=seeded_dir).stdout
    assert "«\u00a0Le Kremlin a pris la Biélorussie comme otage nucléaire\u00a0»" in human
    assert "Aucune citation" in newsbot("quotes", "--speaker", "Zorglub", cwd=seeded_dir).stdout


def test_ingest_without_quotes(tmp_path: Path) -> None:
    assert newsbot("ingest", "--no-quotes", str(SEEDS), cwd=tmp_path).exit_code == 0
    answer = json.loads(newsbot("ask", "--json", "qui a dit que la Russie a de quoi répondre", cwd=tmp_path).stdout)
    assert answer["intent"] == "who_said" and answer["answers"][0]["speaker"] is None
    assert "de quoi répondre" in answer["answers"][0]["passage"]


def test_stats(seeded_dir: Path) -> None:
    result = newsbot("stats", "--json", cwd=seeded_dir)
    figures = json.loads(result.stdout)
    assert (figures["articles"], figures["passages"]) == (2, 44)


def test_field_mapping_and_default_source(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(json.dumps({"id": 7, "date": "2020-07-02", "title": "Ours", "heading": "Chapô sur l'ours.", "article": "Le corps."}) + "\n")
    result = newsbot("ingest", str(path), "--field", "text=heading+article", "--field", "published=date",
                     "--source", "actu.orange.fr", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    article = json.loads(newsbot("ask", "--json", "ours", cwd=tmp_path).stdout)["answers"][0]["article"]
    assert (article["id"], article["source"], article["published"]) == ("7", "actu.orange.fr", "2020-07-02")
    bad = newsbot("ingest", str(path), "--field", "text", cwd=tmp_path)
    assert bad.exit_code == 2 and "FIELD=KEY" in bad.stderr


# ---------------------------------------------------------------- the development questions


def normalize(text: str) -> str:
    """The eval's matching rule: no case, no accents, ’ as ', whitespace (NBSP too) collapsed."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'")).casefold()
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).split())


def dev_cases() -> list[dict]:
    return [json.loads(line) for line in require(SEEDS_DEV).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_seeds_dev_questions(seeded_dir: Path) -> None:
    cases = dev_cases()
    failures = []
    for case in cases:
        result = newsbot("ask", "--json", "-k", str(case["k"]), case["question"], cwd=seeded_dir)
        answers = json.loads(result.stdout)
        top = answers["answers"][: case["k"]]
        covered = {a["article"]["id"] for a in top} | {r["id"] for a in top for r in a["also_in"]}
        speaker = normalize(top[0]["speaker"] or "") if top else ""
        checks = {
            "intent": answers["intent"] == case["intent"],
            "speaker": case["intent"] != "who_said" or any(normalize(s) in speaker for s in case["speaker"]),
            "passage": any(normalize(case["passage"]) in normalize(a["passage"]) for a in top),
            "articles_min": len(covered) >= case.get("articles_min", 0),
        }
        failures += [f"{case['id']}: {name}" for name, ok in checks.items() if not ok]
    print(f"seeds-dev: {len(cases) - len({f.split(':')[0] for f in failures})}/{len(cases)} questions fully right")
    assert not failures


def test_a_progress_bar_on_a_terminal_and_none_otherwise(tmp_path: Path) -> None:
    """On a terminal (here a pseudo-terminal), `newsbot ingest` draws tqdm's bar: bytes of the
    files' known total, rate, time left. Piped, it prints no bar at all."""
    import fcntl
    import pty
    import struct
    import subprocess
    import termios

    export = tmp_path / "export.jsonl"
    export.write_text("\n".join(json.dumps({"title": f"Article {n}", "text": f"Paragraphe {n}. " * 20})
                                for n in range(200)) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))}
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))  # a terminal of 120 columns
    child = subprocess.Popen([str(Path(sys.executable).with_name("newsbot")), "--db", str(tmp_path / "t.db"), "ingest",
                              "--no-quotes", "--workers", "1", str(export)], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=follower, env=env, cwd=tmp_path)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    stdout, _ = child.communicate(timeout=120)
    terminal = shown.decode("utf-8", "replace")
    assert child.returncode == 0 and b"200 added" in stdout
    size = export.stat().st_size / 1024
    assert "%|" in terminal and "B/s" in terminal, terminal  # bar, rate…
    assert f"{size:.1f}k" in terminal or f"{size:.0f}k" in terminal, terminal  # …of the known total
    assert "<" in terminal  # elapsed<left
    piped = newsbot("--db", str(tmp_path / "p.db"), "ingest", "--no-quotes", str(export), cwd=tmp_path)
    assert piped.exit_code == 0 and "%|" not in piped.stderr and piped.stderr == ""
