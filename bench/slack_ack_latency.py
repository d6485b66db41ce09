"""Ack and answer latency of /ask over HTTP, under concurrent signed requests (a script, not a test).

    .venv/bin/python bench/slack_ack_latency.py [--articles 10000] [--concurrency 20] [--rounds 5] [--trace]

Runs the real app (`create_app`, the default Bolt runner) behind the production HTTP server
(`bot.serve.http_server`: waitress) on 127.0.0.1, over an index of the first `--articles`
articles of the OrangeSum corpus (built once with `newsbot ingest` into
bench/out/orange-N.db if absent; `--db` names another), and a local fake Slack that receives
the answers posted to each command's response_url.

- ack latency: from sending the signed command to the HTTP 200 (Slack wants it within 3 s);
- answer latency: from sending the command to the answer reaching the response_url.

Each round sends `--concurrency` commands at once; a first warm-up round is not counted. A
sequential pass (one command at a time) gives the latency without contention, in the same run.

`--trace` times each request's stages (where a request waits): sent → WSGI app entered (the
server's accept and thread pool), → listener started (Bolt: signature, middleware, listener
pool), → ack() called, → HTTP 200 received (Bolt waiting for the ack, the server writing it);
ack → search done (`Index.ask`), → answer posted (render, the POST to the response_url). The
instrumentation wraps functions from the outside (no change to the app); it costs microseconds.

The fake Slack listens with a backlog of `--fake-backlog` connections (Python's default, 5,
makes 20 simultaneous answers wait a second for a TCP retry: a bench artefact, not Slack).
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
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
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
STAGES = [  # (name, from, to): the trace's stages, in the order a request goes through them
    ("sent → WSGI app", "sent", "wsgi"),
    ("WSGI app → listener", "wsgi", "listener"),
    ("listener → ack()", "listener", "ack"),
    ("ack() → HTTP 200", "ack", "http_200"),
    ("ack() → searched", "ack", "searched"),
    ("ack() → answer thread", "ack", "answering"),
    ("answer thread → searched", "answering", "searched"),
    ("search → POST start", "searched", "post"),
    ("POST → at fake Slack", "post", "arrived"),
]


class Answers:
    """A fake Slack: auth.test, and the arrival time of each response_url POST."""

    def __init__(self, backlog: int) -> None:
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

        class Server(ThreadingHTTPServer):
            request_queue_size = backlog

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"


class Trace:
    """When each request reached each stage (time.monotonic()), by request key (tag-n)."""

    def __init__(self) -> None:
        self.times: dict[str, dict[str, float]] = defaultdict(dict)
        self.local = threading.local()

    def mark(self, key: str | None, stage: str, at: float | None = None) -> None:
        if key:
            self.times[key][stage] = time.monotonic() if at is None else at

    def instrument(self) -> Callable[[Any], Any]:
        """Wrap /ask's listener, Index.ask and the WSGI app from the outside; returns the WSGI wrapper."""
        import bot.listeners.commands as commands
        from bot.listeners.desk import Desk
        from index.archive import Index

        trace, original_callback, original_ask = self, commands.ask_callback, Index.ask
        original_later = getattr(Desk, "later", None)  # absent before answers left the request thread

        def ask_callback(ack: Any, command: dict[str, Any], respond: Any, context: Any) -> None:
            key = (command.get("response_url") or "").rsplit("/", 1)[-1]
            trace.mark(key, "listener")
            trace.local.key = key

            def timed_ack(*args: Any, **kwargs: Any) -> Any:
                trace.mark(key, "ack")
                return ack(*args, **kwargs)

            def timed_respond(*args: Any, **kwargs: Any) -> Any:
                trace.mark(key, "post")
                return respond(*args, **kwargs)

            original_callback(timed_ack, command, timed_respond, context)

        def ask(index: Any, *args: Any, **kwargs: Any) -> Any:
            answer = original_ask(index, *args, **kwargs)
            trace.mark(getattr(trace.local, "key", None), "searched")
            return answer

        def later(desk: Any, task: Callable[[], Any]) -> None:  # the answer thread learns the request's key
            key = getattr(trace.local, "key", None)

            def keyed() -> Any:
                trace.local.key = key
                trace.mark(key, "answering")
                return task()

            original_later(desk, keyed)

        commands.ask_callback = ask_callback  # read by register() when the app is created
        Index.ask = ask  # type: ignore[method-assign]
        if original_later is not None:
            Desk.later = later  # type: ignore[method-assign]

        def wrap(application: Any) -> Any:
            def traced(environ: dict[str, Any], start_response: Any) -> Any:
                trace.mark(environ.get("HTTP_X_BENCH_KEY"), "wsgi")
                return application(environ, start_response)

            return traced

        return wrap

    def table(self, keys: list[str]) -> list[str]:
        lines = []
        for name, start, end in STAGES:
            values = [self.times[k][end] - self.times[k][start] for k in keys
                      if start in self.times[k] and end in self.times[k]]
            if values:
                lines.append(summary(f"  {name}", values))
        return lines


def signed_command(text: str, response_url: str, key: str) -> tuple[bytes, dict[str, str]]:
    body = urlencode({"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/ask", "text": text,
                      "response_url": response_url, "trigger_id": "1.2.3", "api_app_id": "A1"})
    timestamp = str(int(time.time()))
    signature = "v0=" + hmac.new(SECRET.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return body.encode(), {"Content-Type": "application/x-www-form-urlencoded", "X-Bench-Key": key,
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


def run_round(url: str, answers: Answers, questions: list[str], tag: str,
              trace: Trace | None = None) -> list[tuple[float, float | None]]:
    """Send the questions at once; (ack seconds, answer seconds or None) for each."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    barrier = threading.Barrier(len(questions))
    results: list[tuple[float, float | None]] = [(0.0, None)] * len(questions)
    sent: list[float] = [0.0] * len(questions)

    def one(number: int, question: str) -> None:
        key = f"{tag}-{number}"
        body, headers = signed_command(question, f"{answers.url}respond/{key}", key)
        request = urllib.request.Request(url + "/slack/events", data=body, headers=headers)
        barrier.wait()
        sent[number] = time.monotonic()
        with opener.open(request, timeout=30) as response:
            response.read()
            assert response.status == 200
        done = time.monotonic()
        results[number] = (done - sent[number], None)
        if trace:
            trace.mark(key, "sent", sent[number])
            trace.mark(key, "http_200", done)

    threads = [threading.Thread(target=one, args=(n, q)) for n, q in enumerate(questions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    deadline = time.monotonic() + 30
    keys = [f"{tag}-{n}" for n in range(len(questions))]
    while time.monotonic() < deadline and not all(k in answers.arrived for k in keys):
        time.sleep(0.01)
    if trace:
        for key in keys:
            if key in answers.arrived:
                trace.mark(key, "arrived", answers.arrived[key])
    return [(ack, answers.arrived[k] - sent[n] if k in answers.arrived else None)
            for n, ((ack, _), k) in enumerate(zip(results, keys, strict=True))]


def summary(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (f"{name:<26} n={len(ms):<4} p50={percentile(ms, 0.5):7.1f} ms  p95={percentile(ms, 0.95):7.1f} ms"
            f"  max={max(ms):7.1f} ms  mean={statistics.mean(ms):7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="first N articles of OrangeSum (0: all)")
    parser.add_argument("--db", type=Path, help="default: bench/out/orange-N.db")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--answer-threads", type=int, default=None, help="default: bot.app.ANSWER_THREADS")
    parser.add_argument("--search-slots", type=int, default=None, help="default: bot.listeners.desk.SEARCH_SLOTS")
    parser.add_argument("--switch-interval", type=float, default=None,
                        help="sys.setswitchinterval (seconds; Python's default: 0.005)")
    parser.add_argument("--http-threads", type=int, default=None, help="default: bot.http.HTTP_THREADS")
    parser.add_argument("--fake-backlog", type=int, default=128, help="the fake Slack's listen backlog")
    parser.add_argument("--trace", action="store_true", help="time each stage of each request")
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth" is expected here
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        os.environ.pop(name, None)
    args.db = args.db or Path(__file__).resolve().parent / "out" / f"orange-{args.articles or 'all'}.db"
    if not ensure_index(args.db, args.articles):
        return

    from slack_sdk import WebClient

    trace = Trace() if args.trace else None
    wrap = trace.instrument() if trace else (lambda application: application)
    from bot.app import create_app
    from bot.http import HTTP_THREADS, create_server, create_wsgi_app
    from bot.settings import Settings
    from index import open_index

    answers = Answers(args.fake_backlog)
    settings = Settings(db=str(args.db), slack_bot_token="xoxb-bench", slack_signing_secret=SECRET)
    index = open_index(args.db, create=False)
    stats = index.stats()
    threads = {"answer_threads": args.answer_threads} if args.answer_threads else {}
    if args.search_slots:
        threads["search_slots"] = args.search_slots
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    app = create_app(settings, index, client=WebClient(base_url=answers.url + "api/"), **threads)
    server = create_server(settings, wrap(create_wsgi_app(settings, index, app)), host="127.0.0.1", port=0,
                           threads=args.http_threads or HTTP_THREADS)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{server.effective_port}"
    import bot.app
    import bot.listeners.desk

    answer_threads = args.answer_threads or getattr(bot.app, "ANSWER_THREADS", None)
    search_slots = args.search_slots or getattr(bot.listeners.desk, "SEARCH_SLOTS", None)

    print(f"index: {stats['articles']:,} articles, {stats['passages']:,} passages; "
          f"{args.concurrency} concurrent /ask × {args.rounds} rounds (+1 warm-up); {os.cpu_count()} CPUs; "
          f"answer threads {answer_threads}, search slots {search_slots}, "
          f"HTTP threads {args.http_threads or HTTP_THREADS}, "
          f"switch interval {sys.getswitchinterval() * 1000:g} ms; "
          f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    questions = [QUESTIONS[n % len(QUESTIONS)] for n in range(args.concurrency)]
    run_round(url, answers, questions, "warmup")
    measured: list[tuple[float, float | None]] = []
    for number in range(args.rounds):
        measured += run_round(url, answers, questions[number:] + questions[:number], f"r{number}", trace)
    sequential: list[tuple[float, float | None]] = []
    for number, question in enumerate(QUESTIONS):
        sequential += run_round(url, answers, [question], f"s{number}", trace)

    lost = sum(1 for _, answer in measured if answer is None)
    print(summary(f"ack ({args.concurrency} at once)", [a for a, _ in measured]))
    print(summary(f"answer ({args.concurrency} at once)", [b for _, b in measured if b is not None]))
    if trace:
        print("\n".join(trace.table([k for k in trace.times if k.startswith("r")])))
    print(summary("ack (one at a time)", [a for a, _ in sequential]))
    print(summary("answer (one at a time)", [b for _, b in sequential if b is not None]))
    if trace:
        print("\n".join(trace.table([k for k in trace.times if k.startswith("s")])))
    empty = sum(1 for body in answers.bodies.values() if "blocks" in body and len(body["blocks"]) <= 2)
    print(f"answers missing: {lost}; answers with no passage: {empty} of {len(answers.bodies)}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    # The server's threads are daemons: they end with the script (closing it under keep-alive
    # connections only makes waitress log noise).


if __name__ == "__main__":
    main()
