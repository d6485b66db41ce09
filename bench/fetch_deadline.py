"""How long a download takes to be abandoned: NEWSBOT_FETCH_TIMEOUT bounds the whole download.

    .venv/bin/python bench/fetch_deadline.py              # --timeouts 1,3,5 --slack 1

Local servers that never finish (each on 127.0.0.1, port 0):
- drip body: headers at once, then the body one byte every 0.2 s;
- drip headers: the status line and headers one byte every 0.2 s;
- silent: accepts the connection and never answers;
- redirects: each answer is a redirect to the next, 0.4 s apart (a chain that never ends);
- slow feed item: a feed whose item links to a dripping page (`newsbot ingest FEED_URL`).

For each deadline, each server is fetched by `index.sources.web.fetch` (the feed through
`index.sources.ingest.read_url`), timed from the call to the ReadError; the worst is checked
against deadline + slack (exit 1 when over). Then `newsbot ingest URL` of the dripping page runs
as a process, timed from start to exit (interpreter start included).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from index.sources.ingest import read_url  # noqa: E402
from index.sources.web import fetch  # noqa: E402
from index.store.errors import ReadError  # noqa: E402

NEWSBOT = Path(sys.executable).with_name("newsbot")
PAGE = ("<html><head><title>Goutte</title></head><body><article><p>"
        + "Un paragraphe ordinaire qui arrive très lentement. " * 200 + "</p></article></body></html>").encode()


class Server:
    """A TCP server on 127.0.0.1 whose every connection is handled by `answer(connection, port)`."""

    def __init__(self, answer: Callable[[socket.socket, int], None]) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/page"
        self.answer = answer
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        try:
            connection.recv(65536)
            self.answer(connection, self.port)
        except OSError:  # the client gave up: what is measured
            pass
        finally:
            connection.close()


def drip(connection: socket.socket, data: bytes, every: float = 0.2) -> None:
    for byte in data:
        connection.sendall(bytes([byte]))
        time.sleep(every)


def head(length: int, kind: str = "text/html; charset=utf-8") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\nContent-Length: {length}\r\n\r\n".encode()


def drip_body(connection: socket.socket, _port: int) -> None:
    connection.sendall(head(len(PAGE)))
    drip(connection, PAGE)


def drip_headers(connection: socket.socket, _port: int) -> None:
    drip(connection, head(len(PAGE)) + PAGE)


def silent(connection: socket.socket, _port: int) -> None:
    time.sleep(3600)


def redirects(connection: socket.socket, port: int) -> None:
    time.sleep(0.4)
    connection.sendall(f"HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:{port}/next{time.monotonic_ns()}\r\n"
                       "Content-Length: 0\r\nConnection: close\r\n\r\n".encode())


def feed_of(page_url: str) -> bytes:
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>Lent</title><item><title>Goutte</title>'
            f"<link>{page_url}</link><guid>g1</guid><description>Court.</description></item></channel></rss>").encode()


def timed(function: Callable[[], object]) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        result = function()
        outcome = f"no error ({result!r:.60})"
    except ReadError as exc:
        outcome = str(exc)
    return time.perf_counter() - started, outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--timeouts", default="1,3,5")
    parser.add_argument("--slack", type=float, default=1.0)
    args = parser.parse_args()
    servers = {name: Server(answer) for name, answer in
               (("drip body", drip_body), ("drip headers", drip_headers), ("silent", silent), ("redirects", redirects))}
    feed_page = servers["drip body"].url

    def feed_answer(connection: socket.socket, _port: int) -> None:
        body = feed_of(feed_page)
        connection.sendall(head(len(body), "application/rss+xml") + body)

    feed = Server(feed_answer)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    worst_over = 0.0
    print("| deadline | " + " | ".join(servers) + " | feed item (ingest FEED_URL) |")
    print("|---" * (len(servers) + 2) + "|")
    for timeout in (float(t) for t in args.timeouts.split(",")):
        cells = []
        for name, server in servers.items():
            seconds, outcome = timed(lambda s=server: fetch(s.url, 5_000_000, timeout))
            assert not outcome.startswith("no error"), (name, outcome)
            worst_over = max(worst_over, seconds - timeout)
            cells.append(f"{seconds:.2f} s")
        seconds, outcome = timed(lambda: [r.error for r in read_url(feed.url, timeout=timeout)])
        worst_over = max(worst_over, seconds - 2 * timeout)  # the feed, then its item's page: a deadline each
        cells.append(f"{seconds:.2f} s")
        print(f"| {timeout:g} s | " + " | ".join(cells) + " |")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "SLACK_"))}
    env["NEWSBOT_FETCH_TIMEOUT"] = "2"
    with tempfile.TemporaryDirectory(prefix="newsbot-deadline-") as tmp:
        started = time.perf_counter()
        done = subprocess.run([str(NEWSBOT), "--db", str(Path(tmp) / "d.db"), "ingest", servers["drip body"].url],
                              capture_output=True, text=True, env=env)
        whole = time.perf_counter() - started
    print(f"\nnewsbot ingest of the dripping page, NEWSBOT_FETCH_TIMEOUT=2: exit {done.returncode} after {whole:.2f} s "
          f"(interpreter start included): {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ''}")
    print(f"worst time past the deadline: {worst_over:.2f} s (allowed {args.slack:g} s); "
          f"load average {os.getloadavg()[0]:.2f}")
    return 0 if worst_over <= args.slack else 1


if __name__ == "__main__":
    sys.exit(main())
