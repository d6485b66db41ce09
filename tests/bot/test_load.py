"""newsbot keeps answering while another process ingests: every command acked and answered, no error.

A small version of `bench/load_during_ingest.py` (figures in docs/reliability.md): the real app
behind the production HTTP server (waitress) answers signed /ask commands and @mentions, sent in
concurrent rounds, while `newsbot ingest` writes 3,000 articles to the same database from another
process (a process, as in production: SQLite's locks between processes are the point).
Correctness is asserted, not speed: Slack's 3-second ack is checked by the bench script, which
fails on any slower ack; here no timing is asserted, so a busy machine cannot fail the test.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bot.serve import http_server

NEWSBOT = Path(sys.executable).with_name("newsbot")
ARTICLES = 3000  # long enough that the load overlaps the writes however fast the machine is
COMMANDS = 20
TOPICS = ["la réforme des retraites", "la grève des cheminots", "les élections municipales", "la tempête Alex",
          "le prix du carburant", "la fermeture de l'usine", "le budget de la ville", "la saison des vendanges"]
PLACES = ["Toulouse", "Lille", "Marseille", "Brest", "Grenoble", "Dijon", "Nantes", "Metz"]
PEOPLE = ["Claire Dubois", "Karim Haddad", "Sophie Martin", "Luc Moreau", "Aïcha Benali", "Jean Petit"]
QUESTIONS = ["qui a dit que la situation était grave ?", "grève des cheminots à Lille", "tempête Alex Brest",
             "Kremlin otage nucléaire", "budget de la ville de Dijon", "qui a déclaré que rien n'était décidé ?"]


def synthetic_articles(count: int) -> list[dict[str, str]]:
    """French news articles, each different, with quotations and speakers."""
    articles = []
    for n in range(count):
        topic, place, person = TOPICS[n % len(TOPICS)], PLACES[n // 3 % len(PLACES)], PEOPLE[n % len(PEOPLE)]
        text = "\n\n".join([
            f"À {place}, {topic} occupe les esprits depuis le début de la semaine (dépêche numéro {n}).",
            f"« La situation est grave et nous devons agir vite », a déclaré {person} lors d'une réunion publique "
            f"tenue mardi soir à {place}, devant plus de {100 + n} personnes.",
            f"Selon les services de la préfecture, rien n'était décidé jeudi. {person} a ajouté que "
            f"les discussions reprendraient lundi, après un premier bilan chiffré à {n * 7} euros.",
        ])
        articles.append({"id": f"load-{n}", "title": f"{topic.capitalize()} à {place} ({n})", "text": text,
                         "source": "Dépêches", "published": f"2024-05-{n % 28 + 1:02d}"})
    return articles


def post(url: str, body: str, headers: dict[str, str]) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(urllib.request.Request(url, data=body.encode(), headers=headers), timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_answers_while_another_process_ingests(tmp_path, make_app, seeded_index, index_path, settings, payloads,
                                               fake_slack, caplog):
    caplog.set_level(logging.INFO)
    source = tmp_path / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in synthetic_articles(ARTICLES)),
                      encoding="utf-8")
    app = make_app(seeded_index, background=True)
    server = http_server(settings(), app, seeded_index, host="127.0.0.1", port=0)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}/slack/events"

    ingester = subprocess.Popen([str(NEWSBOT), "--db", str(index_path), "ingest", "--workers", "1", str(source)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    acks: dict[str, int] = {}
    during_ingest: list[str] = []
    number = 0
    try:
        while ingester.poll() is None or len(acks) < COMMANDS:
            requests = {}
            for _ in range(5):  # a round: five commands and one mention at once
                requests[f"/respond/c{number}"] = payloads.command(QUESTIONS[number % len(QUESTIONS)],
                                                                    response_url=fake_slack.response_url(f"c{number}"))
                number += 1
            requests[f"mention{number}"] = payloads.mention(f"<@UBOT> {QUESTIONS[number % len(QUESTIONS)]}",
                                                           ts=f"1700000000.{number:06d}", event_id=f"EvLoad{number}")
            running = ingester.poll() is None
            threads = [threading.Thread(target=lambda k=k, r=r: acks.__setitem__(k, post(url, r.body, r.headers)))
                       for k, r in requests.items()]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            if running:
                during_ingest += list(requests)
            if number >= 3 * COMMANDS and ingester.poll() is not None:
                break
            time.sleep(0.2)
        out, err = ingester.communicate(timeout=120)
        commands = [k for k in acks if k.startswith("/respond/")]
        answers = {path: fake_slack.wait(path, timeout=30) for path in commands}
        fake_slack.wait("/api/chat.postMessage", count=len(acks) - len(commands), timeout=30)
    finally:
        if ingester.poll() is None:
            ingester.kill()
        server.close()

    assert ingester.returncode == 0 and f"{ARTICLES} added" in out, err
    assert len([k for k in during_ingest if k.startswith("/respond/")]) >= COMMANDS  # the load overlapped the writes
    assert all(status == 200 for status in acks.values()), acks
    for path, calls in answers.items():
        assert len(calls) == 1, path
        shown = json.dumps(calls[0].body, ensure_ascii=False)
        assert calls[0].body.get("blocks") and "Désolé" not in shown and "pas disponible" not in shown
    assert len(fake_slack.api("chat.postMessage")) == len(acks) - len(commands)  # each mention answered once
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR or "locked" in r.getMessage().lower()]
    assert logged == [] and "locked" not in (out + err).lower()
    outcomes = [r.getMessage() for r in caplog.records if "outcome=" in r.getMessage()]
    assert outcomes and all(any(f"outcome={o}" in m for o in ("ok", "no_match", "no_quote")) for m in outcomes)
    check = sqlite3.connect(index_path)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT count(*) FROM articles").fetchone()[0] == 3 + ARTICLES
    check.close()


def test_opening_the_index_to_answer_never_waits_for_a_writer(seeded_index, index_path, monkeypatch):
    """`newsbot ask`, `newsbot serve` and the health check open the index while an ingester holds
    the write lock (for a whole batch): opening must not write, so it must not wait."""
    import index.store.index
    from index import open_index

    # No waiting at all for the write lock: a write while opening or answering fails at once with
    # "database is locked" (it would otherwise wait for the ingester's batch), and so the test.
    monkeypatch.setattr(index.store.index, "BUSY_TIMEOUT_MS", 0)
    writer = sqlite3.connect(index_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an ingester in the middle of a batch
    writer.execute("DELETE FROM seen_events")
    try:
        reader = open_index(index_path, create=False)
        answer = reader.ask("Kremlin otage nucléaire")
        reader.close()
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert answer.hits
