"""Ack and answer latency of /ask over HTTP, under concurrent signed requests (a script, not a test).

    .venv/bin/python bench/slack_ack_latency.py [--articles 10000] [--concurrency 20] [--rounds 5]

Runs the real app (`create_app`, the default Bolt runner) behind the production HTTP server
(`bot.serve.http_server`: waitress) on 127.0.0.1, over an index of the first `--articles`
articles of the OrangeSum corpus (built once with `newsbot ingest` into
bench/out/orange-N.db if absent; `--db` names another), and a local fake Slack that receives
the answers posted to each command's response_url.

- ack latency: from sending the signed command to the HTTP 200 (Slack wants it within 3 s);
- answer latency: from sending the command to the answer reaching the response_url.

Each round sends `--concurrency` commands at once; a first warm-up round is not counted. A
sequential pass (one command at a time) gives the latency without contention.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import hashlib
import hmac
import json
import logging
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("NEWSBOT_SHARED", ROOT.parent / "shared")) / "corpus" / "orangesum.jsonl.gz"
SECRET = "bench-signing-secret"
QUESTIONS = [
    "qui a dit que la réforme des retraites était injuste ?",
    "incendie de Notre-Dame de Paris",
    "qui a déclaré que le confinement serait prolongé ?",
    "élections municipales à Paris",
    "grève SNCF décembre",
    "qui a dit que l'Europe devait se protéger ?",
    "Donald Trump destitution",
    "gilets jaunes manifestation samedi",
    "coronavirus vaccin essais cliniques",
    "qui a affirmé que le chômage allait baisser ?",
    "Brexit accord Boris Johnson",
    "tempête alerte orange Météo-France",
    "Emmanuel Macron discours Versailles",
    "qui a dit que la police avait été violente ?",
    "prix du carburant hausse",
    "Tour de France étape victoire",
    "qui a estimé que l'école devait rouvrir ?",
    "Amazon entrepôt emplois",
    "Kremlin otage nucléaire Bélarus",
    "missiles Iskander",
]


class Answers:
    """A fake Slack: auth.test, and the arrival time of each response_url POST."""

    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}
        self.bodies: dict[str, Any] = {}
        self.lock = threading.Lock()
        answers = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                now = time.monotonic()
                if self.path.startswith("/respond/"):
                    with answers.lock:
                        answers.arrived[self.path.rsplit("/", 1)[1]] = now
                        answers.bodies[self.path.rsplit("/", 1)[1]] = json.loads(raw or b"{}")
                    reply = b"ok"
                else:
                    reply = json.dumps({"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT",
                                        "team": "Bench", "user": "newsbot", "url": "https://b.slack.com/"}).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"


def signed_command(text: str, response_url: str) -> tuple[bytes, dict[str, str]]:
    body = urlencode({"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/ask", "text": text,
                      "response_url": response_url, "trigger_id": "1.2.3", "api_app_id": "A1"})
    timestamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return body.encode(), {"Content-Type": "application/x-www-form-urlencoded",
                           "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def ensure_index(db: Path, articles: int | None) -> bool:
    """Build the OrangeSum index once (minutes): its first `articles` articles, or all of them;
    False when the corpus is absent."""
    if db.exists():
        return True
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (set NEWSBOT_SHARED to the shared folder)")
        return False
    print(f"building {db} from {CORPUS} (once; a few minutes)…", flush=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    source = CORPUS
    if articles:
        source = db.with_suffix(".jsonl")
        with gzip.open(CORPUS, "rt", encoding="utf-8") as corpus, open(source, "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(corpus, articles))
    newsbot = Path(sys.executable).with_name("newsbot")
    subprocess.run([str(newsbot), "--db", str(db), "ingest", str(source), "--no-digest", "--field",
                    "text=heading+article", "--field", "published=date", "--source", "actu.orange.fr"], check=True)
    if source != CORPUS:
        source.unlink()
    return True


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run_round(url: str, answers: Answers, questions: list[str], tag: str) -> list[tuple[float, float | None]]:
    """Send the questions at once; (ack seconds, answer seconds or None) for each."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    barrier = threading.Barrier(len(questions))
    results: list[tuple[float, float | None]] = [(0.0, None)] * len(questions)
    sent: list[float] = [0.0] * len(questions)

    def one(number: int, question: str) -> None:
        body, headers = signed_command(question, f"{answers.url}respond/{tag}-{number}")
        request = urllib.request.Request(url + "/slack/events", data=body, headers=headers)
        barrier.wait()
        sent[number] = time.monotonic()
        with opener.open(request, timeout=30) as response:
            response.read()
            assert response.status == 200
        results[number] = (time.monotonic() - sent[number], None)

    threads = [threading.Thread(target=one, args=(n, q)) for n, q in enumerate(questions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + 30
    keys = [f"{tag}-{n}" for n in range(len(questions))]
    while time.monotonic() < deadline and not all(k in answers.arrived for k in keys):
        time.sleep(0.01)
    return [(ack, answers.arrived[k] - sent[n] if k in answers.arrived else None)
            for n, ((ack, _), k) in enumerate(zip(results, keys, strict=True))]


def summary(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"{name:<22} n={len(ms):<4} p50={percentile(ms, 0.5):7.1f} ms  p95={percentile(ms, 0.95):7.1f} ms"
            f"  max={max(ms):7.1f} ms  mean={statistics.mean(ms):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="first N articles of OrangeSum (0: all)")
    parser.add_argument("--db", type=Path, help="default: bench/out/orange-N.db")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--listener-threads", type=int, default=None, help="default: bot.app.LISTENER_THREADS")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" is expected here
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)
    args.db = args.db or Path(__file__).resolve().parent / "out" / f"orange-{args.articles or 'all'}.db"
    if not ensure_index(args.db, args.articles):
        return

    from slack_sdk import WebClient

    from bot.app import create_app
    from bot.serve import http_server
    from bot.settings import Settings
    from index import open_index

    answers = Answers()
    settings = Settings(db=str(args.db), slack_bot_token="xoxb-bench", slack_signing_secret=SECRET)
    index = open_index(args.db, create=False)
    stats = index.stats()
    threads = {"listener_threads": args.listener_threads} if args.listener_threads else {}
    app = create_app(settings, index, client=WebClient(base_url=answers.url + "api/"), **threads)
    server = http_server(settings, app, index, host="127.0.0.1", port=0)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}"
    print(f"index: {stats['articles']:,} articles, {stats['passages']:,} passages; "
          f"{args.concurrency} concurrent /ask × {args.rounds} rounds (+1 warm-up); {os.cpu_count()} CPUs")

    questions = [QUESTIONS[n % len(QUESTIONS)] for n in range(args.concurrency)]
    run_round(url, answers, questions, "warmup")
    measured: list[tuple[float, float | None]] = []
    for number in range(args.rounds):
        measured += run_round(url, answers, questions[number:] + questions[:number], f"r{number}")
    sequential: list[tuple[float, float | None]] = []
    for number, question in enumerate(QUESTIONS):
        sequential += run_round(url, answers, [question], f"s{number}")

    lost = sum(1 for _, answer in measured if answer is None)
    print(summary(f"ack ({args.concurrency} at once)", [a for a, _ in measured]))
    print(summary(f"answer ({args.concurrency} at once)", [b for _, b in measured if b is not None]))
    print(summary("ack (one at a time)", [a for a, _ in sequential]))
    print(summary("answer (one at a time)", [b for _, b in sequential if b is not None]))
    empty = sum(1 for body in answers.bodies.values() if "blocks" in body and len(body["blocks"]) <= 2)
    print(f"answers missing: {lost}; answers with no passage: {empty} of {len(answers.bodies)}")
    # The server's threads are daemons: they end with the script (closing it under keep-alive
    # connections only makes waitress log noise).


if __name__ == "__main__":
    main()
