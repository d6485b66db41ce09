"""Answering while ingesting: concurrent signed /ask over HTTP while `newsbot ingest` writes (a script, not a test).

    .venv/bin/python bench/load_during_ingest.py [--articles 10000] [--concurrency 50] [--interval 2] [--base 1000]

1. Builds a base index of the first `--base` OrangeSum articles (so questions have answers).
2. Starts the real app (`create_app`, default Bolt runner) behind the production HTTP server
   (`bot.serve.http_server`: waitress) on 127.0.0.1, with a local fake Slack for respond() and
   chat.postMessage.
3. Starts `newsbot ingest` of the next `--articles` articles in another process, and while it
   runs, sends a round of `--concurrency` signed /ask commands at once (plus a few @mentions,
   whose event-id bookkeeping writes to the database) every `--interval` seconds until the
   ingester is done.

Reports ack latency (signed command sent → HTTP 200; Slack wants ≤ 3 s) and answer latency
(sent → answer at the response_url), p50/p95/max; fails (exit 1) on any ack over 3 s, any
non-200, any missing or error answer, any ERROR log or "database is locked" anywhere, or an
ingester that did not finish cleanly. Skips with a message when the corpus is absent.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import hmac
import itertools
import json
import logging
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared")) / "corpus" / "orangesum.jsonl.gz"
NEWSBOT = Path(sys.executable).with_name("newsbot")
FIELDS = ["--field", "text=heading+article", "--field", "published=date"]
SECRET = "load-signing-secret"
ACK_LIMIT = 3.0  # Slack's contract for acknowledging a command
QUESTIONS = [
    "qui a dit que la réforme des retraites était injuste ?", "incendie de Notre-Dame de Paris",
    "qui a déclaré que le confinement serait prolongé ?", "élections municipales à Paris", "grève SNCF décembre",
    "qui a dit que l'Europe devait se protéger ?", "Donald Trump destitution", "gilets jaunes manifestation samedi",
    "coronavirus vaccin essais cliniques", "qui a affirmé que le chômage allait baisser ?",
    "Brexit accord Boris Johnson", "tempête alerte orange Météo-France", "Emmanuel Macron discours",
    "qui a dit que la police avait été violente ?", "prix du carburant hausse", "Tour de France étape victoire",
    "Amazon entrepôt emplois", "pastoralisme ours Pyrénées", "Kremlin otage nucléaire", "missiles Iskander",
]


class FakeSlack:
    """auth.test, chat.postMessage and response_url endpoints that record when each answer arrived."""

    def __init__(self) -> None:
        self.arrived: dict[str, tuple[float, Any]] = {}
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                now = time.monotonic()
                if self.path.startswith("/respond/"):
                    with fake.lock:
                        fake.arrived[self.path.rsplit("/", 1)[1]] = (now, json.loads(raw or b"{}"))
                    reply = b"ok"
                elif self.path == "/api/chat.postMessage":
                    body = json.loads(raw or b"{}")
                    with fake.lock:
                        fake.arrived[f"mention-{body.get('thread_ts')}"] = (now, body)
                    reply = json.dumps({"ok": True, "ts": f"{time.time():.6f}", "channel": "C1"}).encode()
                else:
                    reply = json.dumps({"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT",
                                        "team": "Load", "user": "newsbot", "url": "https://l.slack.com/"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json" if reply != b"ok" else "text/plain")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the default listen backlog (5) resets connections under 50 at once


def signed(body: str, content_type: str) -> tuple[bytes, dict[str, str]]:
    timestamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return body.encode(), {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
                           "X-Slack-Signature": signature}


def command(text: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    return signed(urlencode({"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/ask", "text": text,
                             "response_url": response_url, "trigger_id": "1.2.3", "api_app_id": "A1"}),
                  "application/x-www-form-urlencoded")


def mention(text: str, ts: str, event_id: str) -> tuple[bytes, dict[str, str]]:
    event = {"type": "app_mention", "user": "U1", "text": f"<@UBOT> {text}", "ts": ts, "channel": "C1", "event_ts": ts}
    return signed(json.dumps({"team_id": "T1", "api_app_id": "A1", "type": "event_callback", "event_id": event_id,
                              "event_time": int(time.time()), "event": event,
                              "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]}),
                  "application/json")


class Collector(logging.Handler):
    """Keeps WARNING and above, and any record that mentions a locked database."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[str] = []
        self.outcomes: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name == "newsbot.slack" and "outcome=" in message:
            outcome = message.split("outcome=", 1)[1].split()[0]
            self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        if record.levelno >= logging.WARNING or "locked" in message.lower():
            self.records.append(f"{record.levelname} {record.name}: {message}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def summary(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (f"{name:<8} n={len(ms):<5} p50={percentile(ms, 0.5):7.0f} ms  p95={percentile(ms, 0.95):7.0f} ms  "
            f"max={max(ms, default=float('nan')):7.0f} ms")


def slice_corpus(path: Path, start: int, count: int) -> int:
    """Write articles start … start+count-1 of the corpus as JSON Lines; return how many."""
    written = 0
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines, open(path, "w", encoding="utf-8") as out:
        for line in itertools.islice(lines, start, start + count):
            out.write(line)
            written += 1
    return written


class Load:
    """Sends rounds of signed requests and records, per request: ack seconds, status, answer seconds."""

    def __init__(self, url: str, fake: FakeSlack) -> None:
        self.url = url
        self.fake = fake
        self.sent: dict[str, float] = {}
        self.acks: dict[str, tuple[float, int]] = {}
        self.during_ingest: set[str] = set()
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        self.counter = itertools.count()

    def _one(self, key: str, body: bytes, headers: dict[str, str], barrier: threading.Barrier) -> None:
        request = urllib.request.Request(self.url + "/slack/events", data=body, headers=headers)
        barrier.wait()
        self.sent[key] = started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        self.acks[key] = (time.monotonic() - started, status)

    def round(self, commands: int, mentions: int, ingesting: bool) -> None:
        requests = []
        for _ in range(commands):
            number = next(self.counter)
            key = f"c{number}"
            requests.append((key, *command(QUESTIONS[number % len(QUESTIONS)], f"{self.fake.url}respond/{key}")))
        for _ in range(mentions):
            number = next(self.counter)
            ts = f"1700000000.{number:06d}"
            requests.append((f"mention-{ts}", *mention(QUESTIONS[number % len(QUESTIONS)], ts, f"Ev{number}")))
        barrier = threading.Barrier(len(requests))
        threads = [threading.Thread(target=self._one, args=(*r, barrier)) for r in requests]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if ingesting:
            self.during_ingest |= {key for key, *_ in requests}

    def answers(self, timeout: float = 60) -> dict[str, float]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not set(self.sent) <= set(self.fake.arrived):
            time.sleep(0.05)
        return {key: self.fake.arrived[key][0] - sent for key, sent in self.sent.items() if key in self.fake.arrived}


def run(articles: int, concurrency: int, base: int, mentions: int, interval: float, workdir: Path) -> bool:
    from slack_sdk import WebClient

    from bot.app import create_app
    from bot.serve import http_server
    from bot.settings import Settings
    from index import open_index

    db = workdir / "load.db"
    base_file, load_file = workdir / "base.jsonl", workdir / "load.jsonl"
    slice_corpus(base_file, 0, base)
    total = slice_corpus(load_file, base, articles)
    print(f"base index: {base} articles…", flush=True)
    subprocess.run([str(NEWSBOT), "--db", str(db), "ingest", str(base_file), *FIELDS, "--no-digest"], check=True,
                   capture_output=True)

    collector = Collector()
    logging.getLogger().addHandler(collector)
    logging.getLogger().setLevel(logging.INFO)
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" is expected under load
    fake = FakeSlack()
    settings = Settings(db=str(db), slack_bot_token="xoxb-load", slack_signing_secret=SECRET)
    index = open_index(db, create=False)
    app = create_app(settings, index, client=WebClient(base_url=fake.url + "api/"))
    server = http_server(settings, app, index, host="127.0.0.1", port=0)
    threading.Thread(target=server.run, daemon=True).start()
    load = Load(f"http://127.0.0.1:{server.effective_port}", fake)
    load.round(4, 0, ingesting=False)  # warm-up: not counted
    load.sent.clear()
    load.acks.clear()

    print(f"ingesting {total:,} articles in another process while sending rounds of {concurrency} /ask "
          f"(+{mentions} mentions)…", flush=True)
    started = time.monotonic()
    ingester = subprocess.Popen([str(NEWSBOT), "--db", str(db), "ingest", str(load_file), *FIELDS],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    rounds = 0
    while ingester.poll() is None:
        round_started = time.monotonic()
        load.round(concurrency, mentions, ingesting=True)
        rounds += 1
        time.sleep(max(0.0, interval - (time.monotonic() - round_started)))
    ingest_seconds = time.monotonic() - started
    out, err = ingester.communicate()
    answered = load.answers()

    problems = []
    if ingester.returncode != 0 or "Traceback" in err:
        problems.append(f"ingester exit {ingester.returncode}: {err[-2000:]}")
    if "locked" in (out + err).lower():
        problems.append("the ingester reported a locked database")
    late = [k for k, (seconds, _) in load.acks.items() if seconds > ACK_LIMIT]
    bad = [k for k, (_, status) in load.acks.items() if status != 200]
    missing = sorted(set(load.sent) - set(answered))
    errors = [k for k, (_, body) in fake.arrived.items()
              if k in load.sent and ("Désolé" in json.dumps(body, ensure_ascii=False) or not body.get("blocks"))]
    problems += [f"{len(late)} acks over {ACK_LIMIT:g} s"] if late else []
    problems += [f"{len(bad)} non-200 acks"] if bad else []
    problems += [f"{len(missing)} answers missing"] if missing else []
    problems += [f"{len(errors)} error answers"] if errors else []
    problems += [f"log: {r}" for r in collector.records[:20]]
    check = sqlite3.connect(db)
    integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
    stored = check.execute("SELECT count(*) FROM articles").fetchone()[0]
    check.close()
    if integrity != "ok":
        problems.append(f"integrity_check: {integrity}")

    commands = [k for k in load.acks if k.startswith("c")]
    print(f"\n{os.cpu_count()} CPUs; ingest of {total:,} articles took {ingest_seconds:.1f} s under load "
          f"({out.strip().splitlines()[-1] if out.strip() else '?'}); {stored:,} articles stored; integrity {integrity}")
    print(f"{rounds} rounds, {len(commands)} /ask and {len(load.acks) - len(commands)} mentions, "
          f"{len(load.during_ingest & set(load.acks))} sent while ingesting")
    print(summary("ack", [load.acks[k][0] for k in commands]))
    print(summary("answer", [answered[k] for k in commands if k in answered]))
    mention_keys = [k for k in load.acks if k.startswith("mention")]
    if mention_keys:
        print(summary("mention ack", [load.acks[k][0] for k in mention_keys]))
        print(summary("mention answer", [answered[k] for k in mention_keys if k in answered]))
    print(f"outcomes: {collector.outcomes}")
    print("problems: " + ("; ".join(problems) if problems else "none"))
    return not problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="articles ingested during the load")
    parser.add_argument("--concurrency", type=int, default=50, help="/ask commands sent at once, per round")
    parser.add_argument("--mentions", type=int, default=5, help="@mentions per round (their dedup writes)")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between the starts of two rounds")
    parser.add_argument("--base", type=int, default=1_000, help="articles indexed before the load starts")
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (set NEWSBOT_SHARED to the shared folder)")
        return
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)
    with tempfile.TemporaryDirectory(prefix="newsbot-load-") as workdir:
        ok = run(args.articles, args.concurrency, args.base, args.mentions, args.interval, Path(workdir))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
