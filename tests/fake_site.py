"""A local newsroom website for tests: RSS 2.0 and Atom feeds, article pages, failures on demand.

`FakeSite()` serves on 127.0.0.1 (port 0) whatever `site.pages[path] = Page(...)` holds, answers
304 to a matching If-None-Match, 404 for unknown paths, and can be told to fail, to hang or to
send its answer one byte at a time (`Page(status=500)`, `Page(delay=5)`, `Page(drip=0.1)`). It records the requests it got (`site.hits(path)`).
French text with typographic apostrophes, « », and no-break spaces, as newsrooms write it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape

NBSP = "\u00a0"


@dataclass
class Page:
    body: str | bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0
    etag: bool = True  # send an ETag and honour If-None-Match
    drip: float = 0.0  # send the answer one byte at a time, this many seconds apart (a server that never ends)
    drip_headers: bool = False  # drip the status line and headers too, not only the body


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int


class FakeSite:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                site._serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        # shutdown() waits for serve_forever's next poll: 5 ms, not 50, at each test's teardown
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.005}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def hits(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.requests if h.path == path]

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        page = self.pages.get(handler.path)
        headers = dict(handler.headers.items())
        if page is None:
            status, body, extra = 404, b"not found", {"Content-Type": "text/plain"}
        else:
            if page.delay:
                time.sleep(page.delay)
            body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
            tag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            extra = {"Content-Type": page.content_type}
            status = page.status
            if page.etag and status == 200:
                extra["ETag"] = tag
                if headers.get("If-None-Match") == tag:
                    status, body = 304, b""
        with self._lock:
            self.requests.append(Hit(handler.path, headers, status))
        if page is not None and page.drip:
            self._drip(handler, page, status, extra, body)
            return
        try:
            handler.send_response(status)
            for key, value in extra.items():
                handler.send_header(key, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
            pass


    @staticmethod
    def _drip(handler: BaseHTTPRequestHandler, page: Page, status: int, extra: dict[str, str], body: bytes) -> None:
        """The answer one byte every `page.drip` seconds, until the client hangs up."""
        head = (f"HTTP/1.1 {status} OK\r\n" + "".join(f"{k}: {v}\r\n" for k, v in extra.items())
                + f"Content-Length: {len(body)}\r\n\r\n").encode()
        try:
            if not page.drip_headers:
                handler.wfile.write(head)
                handler.wfile.flush()
                head = b""
            for byte in head + body:
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
                time.sleep(page.drip)
        except OSError:  # the client gave up: what the test waits for
            pass


def serve_in_thread(server: Any) -> threading.Thread:
    """Run a waitress server in a thread; closing it from the test thread may break its select()."""

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):
            pass

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def stop_serving(server: Any, thread: threading.Thread | None = None) -> None:
    """Close a waitress server from its own loop's thread (closed from another thread, its socket
    can vanish under the loop's select(): EBADF), then wait for the loop to end."""
    if thread is not None and not thread.is_alive():
        return  # its loop already ended (and closed its trigger): nothing left to stop
    try:
        server.trigger.pull_trigger(server.close)
    except OSError:  # the trigger is already closed: the loop is ending on its own
        server.close()
    if thread is not None:
        thread.join(10)


# ---------------------------------------------------------------------------- documents


@dataclass
class Item:
    title: str
    link: str
    guid: str | None = None
    content: str | None = None  # HTML for content:encoded / Atom content
    summary: str | None = None
    published: datetime = field(default_factory=lambda: datetime(2023, 3, 26, 18, 0, tzinfo=timezone.utc))
    author: str | None = None


def rss(title: str, items: list[Item]) -> str:
    """An RSS 2.0 document with content:encoded."""
    entries = []
    for item in items:
        parts = [f"<title>{escape(item.title)}</title>", f"<link>{escape(item.link)}</link>",
                 f"<guid isPermaLink=\"false\">{escape(item.guid or item.link)}</guid>",
                 f"<pubDate>{format_datetime(item.published)}</pubDate>"]
        if item.summary:
            parts.append(f"<description>{escape(item.summary)}</description>")
        if item.content:
            parts.append(f"<content:encoded><![CDATA[{item.content}]]></content:encoded>")
        if item.author:
            parts.append(f"<dc:creator>{escape(item.author)}</dc:creator>")
        entries.append("<item>" + "".join(parts) + "</item>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>{escape(title)}</title><link>http://example.org/</link><description>x</description>"
            + "".join(entries) + "</channel></rss>")


def atom(title: str, items: list[Item]) -> str:
    """An Atom 1.0 document (content when given, else only a summary: the page must be fetched)."""
    entries = []
    for item in items:
        parts = [f"<title>{escape(item.title)}</title>", f'<link rel="alternate" href="{escape(item.link)}"/>',
                 f"<id>{escape(item.guid or item.link)}</id>", f"<updated>{item.published.isoformat()}</updated>"]
        if item.summary:
            parts.append(f"<summary>{escape(item.summary)}</summary>")
        if item.content:
            parts.append(f'<content type="html">{escape(item.content)}</content>')
        if item.author:
            parts.append(f"<author><name>{escape(item.author)}</name></author>")
        entries.append("<entry>" + "".join(parts) + "</entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:x</id><updated>2023-03-26T18:00:00Z</updated>"
            + "".join(entries) + "</feed>")


def article_page(title: str, paragraphs: list[str], site_name: str = "La Gazette") -> str:
    """An article page that trafilatura extracts (title, site name, date, paragraphs)."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{escape(title)}</title>"
            f'<meta property="og:title" content="{escape(title)}">'
            f'<meta property="og:site_name" content="{escape(site_name)}">'
            '<meta property="article:published_time" content="2023-03-26T18:00:00+00:00"></head>'
            f"<body><header><nav><a href=\"/\">Accueil</a></nav></header><article><h1>{escape(title)}</h1>"
            f"{body}</article><footer>© {escape(site_name)}</footer></body></html>")


# Texts: the seeds' event, told by different outlets, and unrelated news.
POUTINE = [
    f"Le président russe Vladimir Poutine a annoncé samedi le déploiement d’armes nucléaires tactiques au Bélarus, allié de Moscou{NBSP}: une première depuis les années 1990.",
    f"«{NBSP}Nous avons convenu de faire de même{NBSP}», a déclaré M.{NBSP}Poutine à la télévision russe, en comparant cette décision au stationnement d’armes américaines en Europe.",
    "La construction d’un entrepôt pour ces armes nucléaires tactiques sur le territoire du Bélarus sera achevée le 1er juillet, selon le Kremlin.",
]
POUTINE_BIS = [
    "Vladimir Poutine va stationner des armes nucléaires tactiques au Bélarus, a indiqué le président russe, qui dit agir avec l’accord de Minsk.",
    f"Le Kremlin assure que l’entrepôt pour ces armes nucléaires tactiques au Bélarus sera prêt le 1er juillet. «{NBSP}Il n’y a rien d’inhabituel ici{NBSP}: les États-Unis font cela depuis des décennies{NBSP}», a-t-il affirmé.",
    "Kiev a demandé une réunion du Conseil de sécurité de l’ONU après l’annonce de Vladimir Poutine.",
]
OURS = [
    "Le gouvernement a annoncé une enveloppe de 10 millions d’euros pour aider les éleveurs des Pyrénées face aux attaques d’ours, a précisé la préfète de l’Ariège.",
    f"«{NBSP}Les bergers ne peuvent plus travailler dans ces conditions{NBSP}», a réagi un représentant des éleveurs, qui réclame des tirs d’effarouchement.",
]
VENDANGES = [
    "Les vendanges ont commencé avec trois semaines d’avance en Champagne, où la chaleur de l’été a accéléré la maturité du raisin, selon le comité interprofessionnel.",
    f"«{NBSP}C’est historique, on n’a jamais vendangé aussi tôt{NBSP}», explique un vigneron d’Épernay, qui craint pour l’acidité des vins.",
]
