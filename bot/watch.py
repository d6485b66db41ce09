"""The watcher: sources in (inbox folder, feeds, CMS webhook), digests out (chat.postMessage).

    newsbot watch          the watcher alone (and POST /ingest on PORT when NEWSBOT_INGEST_TOKEN is set)
    newsbot serve          the Slack bot, with the watcher beside it (`start_watcher`)
    newsbot digest         post what is pending now; --dry-run shows it instead

Three loops, each in its own thread, so that a slow feed never delays the inbox or the posts:
- inbox: scans the folder (woken by watchdog's file events, else every NEWSBOT_INBOX_POLL s)
  and indexes complete files (`index.sources.inbox`);
- feeds: polls each due feed in a small thread pool (`index.sources.feeds.poll_feed`);
- poster: when the oldest pending article is NEWSBOT_DIGEST_WINDOW seconds old (and a window
  has passed since the last message), claims the pending articles, groups them into stories,
  renders the digest and posts it: one message per window, never more. Its articles are
  marked posted once Slack accepted it; what did not fit waits for the next window. Above
  NEWSBOT_MAX_DIGEST_ARTICLES waiting articles, one summary message stands for all of them
  (`index.digest.outbox.mark_summarized`) instead of a flood.

Delivery: indexing an article marks it pending in the same transaction (`index.digest.outbox`), so a
crash loses nothing and a restart posts what was pending. Slack's 429 (Retry-After honoured)
and 500/503 are retried by slack_sdk's handlers (`bot.app.web_client`); any other failure
leaves the articles pending, retried with a growing wait.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.alerts import AlertPoster
from bot.http import HTTP_HOST, create_server, create_wsgi_app
from bot.metrics import Metrics
from bot.render.blocks import Message
from bot.render.digests import render_backlog, render_digest
from bot.settings import Settings
from index.digest import outbox
from index.digest.digests import backlog_of
from index.store.errors import NewsbotError
from index.sources import feed_state
from index.sources.feeds import poll_feed
from index.sources.inbox import Inbox
from index.archive import Index, open_index

log = logging.getLogger("newsbot.watch")

PACE_SECONDS = 1.0  # chat.postMessage: about one message per second per channel
RETRY_BASE_SECONDS = 5.0  # first wait after a failed post (then doubled, up to 15 minutes)
FEED_THREADS = 4
WEBHOOK_THREADS = 4  # the CMS posts now and then; no Slack traffic on this port
_BAD_BLOCKS = {"invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long", "msg_too_long"}


class WatchError(NewsbotError):
    """The watcher cannot run as configured; the message names the setting to fix."""


NO_DIGEST_CHANNEL = ("NEWSBOT_DIGEST_CHANNEL is not set: name the channel where digests go (an ID like "
                     "C0123456789), or use --dry-run to see the digest.")


# ---------------------------------------------------------------------------- posting


@dataclass
class PostReport:
    """What one posting round did: the message (a digest or a backlog summary) and its articles."""

    messages: int = 0
    articles: list[str] = field(default_factory=list)  # announced one by one in a digest
    summarized: list[str] = field(default_factory=list)  # stood for by a backlog summary
    waiting: int = 0  # claimed but left for the next digest (did not fit one message)
    error: str | None = None
    next_due: float | None = None


_DEFAULTS = Settings()  # the settings table's defaults, for a Poster built without settings (tests)


class Poster:
    """Posts the pending articles' digest to one channel, one message per window, marking what
    Slack took; a backlog over `max_articles` gets one summary message instead.

    `lang`, `window` and `max_articles` are NEWSBOT_LANG, NEWSBOT_DIGEST_WINDOW and
    NEWSBOT_MAX_DIGEST_ARTICLES (`Poster.from_settings`); `clock` and `sleep` are for tests.
    """

    def __init__(self, index: Index, client: WebClient, channel: str, lang: str = _DEFAULTS.lang,
                 window: float = _DEFAULTS.digest_window, pace: float = PACE_SECONDS,
                 retry_base: float = RETRY_BASE_SECONDS, owner: str | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 max_articles: int = _DEFAULTS.max_digest_articles) -> None:
        self.index, self.client, self.channel, self.lang = index, client, channel, lang
        self.window, self.pace, self.retry_base = window, pace, retry_base
        self.max_articles = max_articles  # more wait for the next digest
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.clock, self.sleep = clock, sleep
        self._last_post = -float("inf")
        self._lock = threading.Lock()  # one posting round at a time in this process

    @classmethod
    def from_settings(cls, index: Index, client: WebClient, settings: Settings) -> Poster:
        """The poster of `settings.digest_channel`, in the newsroom's language, window and batch size."""
        if not settings.digest_channel:
            raise WatchError(NO_DIGEST_CHANNEL)
        return cls(index, client, settings.digest_channel, settings.lang, settings.digest_window,
                   max_articles=settings.max_digest_articles)

    def next_due(self) -> float | None:
        """When the next digest is due (epoch seconds), or None when nothing is pending."""
        return outbox.next_due(self.index, self.window, self.owner, self.clock())

    def post_due(self, force: bool = False) -> PostReport:
        """Post the digest if it is due (a window after the oldest pending article and after the
        last message), or now with `force`: one message either way."""
        with self._lock:
            now = self.clock()
            due = outbox.next_due(self.index, 0.0 if force else self.window, self.owner, now)
            if due is None or (not force and due > now):
                return PostReport(next_due=due)
            ids = outbox.claim(self.index, self.owner, now, limit=self.max_articles + 1, retrying=not force)
            if len(ids) > self.max_articles:  # a backlog: every free pending article, in one summary
                ids = outbox.claim(self.index, self.owner, now, limit=None, retrying=not force)
                report = self.post_backlog(ids)
            else:
                report = self.post(ids) if ids else PostReport()
            report.next_due = self.next_due()
            return report

    def post(self, ids: list[str]) -> PostReport:
        """Post the digest of these claimed articles in one message; what does not fit is released
        for the next digest, and a failure leaves the rest pending for a retry."""
        part = render_digest(outbox.digest_of(self.index, ids), self.lang)
        carried = set(part.article_ids)
        waiting = [i for i in ids if i not in carried]
        outbox.release(self.index, waiting, self.owner)
        report = PostReport(waiting=len(waiting))
        if not part.article_ids:
            return report
        ts = self._deliver(part.message, part.article_ids, report)
        if report.error is None:
            outbox.mark_posted(self.index, part.article_ids, ts, self.clock())
            report.messages, report.articles = 1, list(part.article_ids)
            log.info("digest: %d article(s) posted to %s%s", len(part.article_ids), self.channel,
                     f"; {len(waiting)} wait for the next digest" if waiting else "")
        return report

    def post_backlog(self, ids: list[str]) -> PostReport:
        """Post one summary standing for these claimed articles (more than NEWSBOT_MAX_DIGEST_ARTICLES)."""
        digest = outbox.digest_of(self.index, ids)
        message = render_backlog(backlog_of(digest), self.lang)
        report = PostReport()
        ts = self._deliver(message, ids, report)
        if report.error is None:
            outbox.mark_summarized(self.index, ids, ts, self.clock())
            report.messages, report.summarized = 1, list(ids)
            log.info("digest: a backlog of %d article(s) summarized in one message to %s (over "
                     "NEWSBOT_MAX_DIGEST_ARTICLES=%d); `newsbot digest --dry-run` lists them",
                     len(ids), self.channel, self.max_articles)
        return report

    def _deliver(self, message: Message, ids: list[str], report: PostReport) -> str | None:
        """Send one message; on failure, record it on the articles (retried later) and in `report`."""
        try:
            return self._send(message)
        except Exception as exc:  # noqa: BLE001 — Slack or network: keep them pending, retry later
            error = _reason(exc)
            retry_at = outbox.mark_failed(self.index, ids, error, self.clock(), base=self.retry_base)
            log.warning("digest: posting to %s failed (%s); %d article(s) stay pending, retried in %.0f s",
                        self.channel, error, len(ids), retry_at - self.clock())
            report.error = error
            return None

    def _send(self, message: Message) -> str | None:
        """chat.postMessage, paced on the poster's clock; a message Slack finds malformed is sent
        again as text only."""
        wait = min(self.pace, self._last_post + self.pace - self.clock())  # never longer, even if the clock steps back
        if wait > 0:
            self.sleep(wait)
        try:
            response = self.client.chat_postMessage(channel=self.channel, text=message.text,
                                                    blocks=message.blocks, unfurl_links=False, unfurl_media=False)
        except SlackApiError as exc:
            if exc.response.get("error") not in _BAD_BLOCKS:
                raise
            log.warning("digest: Slack refused the blocks (%s); posting the text alone", exc.response.get("error"))
            response = self.client.chat_postMessage(channel=self.channel, text=message.text,
                                                    unfurl_links=False, unfurl_media=False)
        finally:
            self._last_post = self.clock()
        return response.get("ts")


def _reason(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        status = getattr(exc.response, "status_code", None)
        return f"Slack answered {status}: {exc.response.get('error')}"
    return f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------------------- the watcher


class Watcher:
    """The inbox, feed and poster loops, in threads; `start()`, then `stop()`."""

    def __init__(self, settings: Settings, index: Index, client: WebClient | None = None,
                 metrics: Metrics | None = None) -> None:
        self.settings, self.index, self.metrics = settings, index, metrics
        self.inbox = (Inbox(index, settings.inbox, settle=settings.inbox_poll, max_article_bytes=settings.max_article_bytes)
                      if settings.inbox else None)
        self.poster = None
        if settings.digest_channel and client is not None:
            self.poster = Poster.from_settings(index, client, settings)
        # desks' digests and journalists' alerts (issue 14): wherever there is a bot token
        self.alerts = (AlertPoster(index, client, settings.lang, settings.digest_window)
                       if client is not None else None)
        self._stop = threading.Event()
        self._wake_poster = threading.Event()
        self._wake_alerts = threading.Event()
        self._wake_inbox = threading.Event()
        self._threads: list[threading.Thread] = []
        self._observer: Any = None
        self._pool = ThreadPoolExecutor(max_workers=FEED_THREADS, thread_name_prefix="newsbot-feed")
        self._polling: set[str] = set()
        self._polling_lock = threading.Lock()
        self._retry_at: dict[str, float] = {}  # feeds whose poll failed unexpectedly: not before then

    def notify(self, ids: list[str] | None = None) -> None:
        """New articles are pending (the webhook calls this with their ids): the poster looks at once."""
        if ids:
            self._ingested("webhook", ids)
        self._wake_poster.set()
        self._wake_alerts.set()

    def _ingested(self, source: str, ids: list[str]) -> None:
        if self.metrics is not None:
            self.metrics.ingested(source, ids)

    def start(self) -> Watcher:
        """Start the loops that are set up (inbox, feeds, poster), each in its own thread."""
        loops: list[tuple[str, Callable[[], None]]] = []
        if self.inbox:
            self.inbox.folder.mkdir(parents=True, exist_ok=True)
            self._observer = _observe(self.inbox.folder, self._wake_inbox.set)
            loops.append(("inbox", self._inbox_loop))
        if self.settings.feeds:
            loops.append(("feeds", self._feeds_loop))
        if self.poster:
            loops.append(("poster", self._poster_loop))
        if self.alerts:
            loops.append(("alerts", self._alerts_loop))
        for name, loop in loops:
            thread = threading.Thread(target=self._guard(name, loop), name=f"newsbot-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the loops and wait up to `timeout` seconds for each thread."""
        self._stop.set()
        self._wake_poster.set()
        self._wake_alerts.set()
        self._wake_inbox.set()
        if self._observer is not None:
            self._observer.stop()
        for thread in self._threads:
            thread.join(timeout)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _guard(self, name: str, loop: Callable[[], None]) -> Callable[[], None]:
        """Run a loop; an unexpected error is logged and the loop restarts after a pause."""

        def run() -> None:
            while not self._stop.is_set():
                try:
                    loop()
                except Exception:  # noqa: BLE001 — one bad round must not stop the watcher
                    log.exception("%s: unexpected error; going on in 5 s", name)
                    self._stop.wait(5.0)

        return run

    def _inbox_loop(self) -> None:
        assert self.inbox is not None
        while not self._stop.is_set():
            self._wake_inbox.clear()  # events from now on wake the wait below
            report = self.inbox.scan()
            if report.article_ids:  # counted before the log line, which marks the scan done
                self._ingested("inbox", report.article_ids)
            if report.done or report.failed:
                log.info("inbox: %d file(s) indexed (%d new or changed article(s), %d unchanged), %d refused",
                         len(report.done), len(report.article_ids), report.unchanged, len(report.failed))
            if report.article_ids:
                self.notify()
            if report.backlog:
                continue  # a big drop: next slice at once
            if report.waiting:  # files arriving: look again once they may have settled
                self._stop.wait(self.inbox.settle)
            else:
                self._wake_inbox.wait(self.settings.inbox_poll)

    def _feeds_loop(self) -> None:
        while not self._stop.is_set():
            now = time.time()
            for url in self.settings.feeds:
                with self._polling_lock:
                    if url in self._polling or self._retry_at.get(url, 0.0) > now:
                        continue
                    if feed_state.load(self.index, url).next_check_at > now:
                        continue
                    self._polling.add(url)
                self._pool.submit(self._poll, url)
            self._stop.wait(min(1.0, self.settings.feed_interval))

    def _poll(self, url: str) -> None:
        try:
            report = poll_feed(self.index, url, interval=self.settings.feed_interval,
                               timeout=self.settings.fetch_timeout, max_article_bytes=self.settings.max_article_bytes)
            if self.metrics is not None:
                self.metrics.feed_failed("feed", 1 if report.error else 0)
                self.metrics.feed_failed("item", len(report.failed))
            if report.added:
                log.info("feed %s: %d new or changed article(s)", url, len(report.added))
                self._ingested("feed", report.added)
                self.notify()
        except Exception:  # noqa: BLE001 — the index failed (poll_feed keeps its own failures): wait an interval
            log.exception("feed %s: unexpected error; next try in %g s", url, self.settings.feed_interval)
            self._retry_at[url] = time.time() + self.settings.feed_interval
        finally:
            with self._polling_lock:
                self._polling.discard(url)

    def _poster_loop(self) -> None:
        assert self.poster is not None
        while not self._stop.is_set():
            report = self.poster.post_due()
            wait = 1.0 if report.next_due is None else report.next_due - time.time()
            if report.messages and report.next_due is not None and report.next_due <= time.time():
                continue  # more is due already (what did not fit, with a window of 0): go on
            self._wake_poster.wait(min(max(wait, 0.05), 1.0))
            self._wake_poster.clear()


    def _alerts_loop(self) -> None:
        assert self.alerts is not None
        while not self._stop.is_set():
            report = self.alerts.post_due()
            wait = 1.0 if report.next_due is None else report.next_due - time.time()
            self._wake_alerts.wait(min(max(wait, 0.05), 1.0))
            self._wake_alerts.clear()


def _observe(folder: os.PathLike[str], wake: Callable[[], None]) -> Any:
    """A watchdog observer calling `wake` on any change in `folder`, or None (polling only)."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class Wake(FileSystemEventHandler):
        def on_any_event(self, event: Any) -> None:
            wake()

    try:
        observer = Observer()
        observer.schedule(Wake(), os.fspath(folder), recursive=True)
        observer.daemon = True
        observer.start()
        return observer
    except OSError as exc:  # inotify limits reached: scanning still works
        log.warning("inbox: file events unavailable (%s); scanning every NEWSBOT_INBOX_POLL seconds", exc)
        return None


# ---------------------------------------------------------------------------- entry points


def digest_client(settings: Settings) -> WebClient | None:
    """The Web API client for posting digests and alerts (None when there is neither a digest
    channel nor a bot token)."""
    if not settings.digest_channel and not settings.slack_bot_token:
        return None
    if not settings.slack_bot_token:
        raise WatchError("NEWSBOT_DIGEST_CHANNEL is set but SLACK_BOT_TOKEN is not: put the bot token (xoxb-…) "
                         "in .env, or leave NEWSBOT_DIGEST_CHANNEL empty to index without posting.")
    from bot.app import web_client  # the bot's client: SLACK_API_URL, retry handlers (429, 500/503)

    return web_client(settings)


def webhook_server(settings: Settings, index: Index, on_ingested: Callable[[list[str]], None],
                   host: str = HTTP_HOST, port: int | None = None, metrics: Metrics | None = None) -> Any:
    """A waitress server (not started) for POST /ingest, GET /healthz and GET /metrics (when
    `metrics` is given) on PORT (`port=0`: any free one): the watcher's HTTP port when the Slack
    app does not hold it."""
    return create_server(settings, create_wsgi_app(settings, index, on_ingested=on_ingested, metrics=metrics), host,
                         port, threads=WEBHOOK_THREADS)


def start_watcher(settings: Settings, db: str | Index, serve_webhook: bool = True,
                  metrics: Metrics | None = None) -> Watcher | None:
    """Start the watcher in background threads (for `newsbot serve`); None when nothing is set up.

    `serve_webhook` also serves PORT — POST /ingest when NEWSBOT_INGEST_TOKEN is set, GET /metrics
    when `metrics` is given — for `newsbot watch` and Socket Mode, where PORT is free.
    """
    http = serve_webhook and bool(settings.ingest_token or metrics)
    # a bot token alone: the alerts of articles ingested by another process (`newsbot ingest`)
    if not (settings.inbox or settings.feeds or http or settings.slack_bot_token):
        return None
    index = db if isinstance(db, Index) else open_index(db, create=True)  # serve shares its own
    if metrics is not None:
        metrics.watch_index(index)
    watcher = Watcher(settings, index, digest_client(settings), metrics).start()
    if not settings.digest_channel and (settings.inbox or settings.feeds or settings.ingest_token):
        log.warning("NEWSBOT_DIGEST_CHANNEL is not set: new articles are indexed and wait for a digest channel")
    if http:
        server = webhook_server(settings, index, watcher.notify, metrics=metrics)
        threading.Thread(target=server.run, name="newsbot-webhook", daemon=True).start()
        served = (["POST /ingest"] if settings.ingest_token else []) + (["GET /metrics"] if metrics else [])
        log.info("HTTP on port %s: %s (and GET /healthz)", settings.port, ", ".join(served))
    sources = [f"inbox {settings.inbox}"] if settings.inbox else []
    sources += [f"{len(settings.feeds)} feed(s)"] if settings.feeds else []
    sources += ["the webhook"] if settings.ingest_token and serve_webhook else []
    if sources:
        log.info("watching %s; digests to %s every %g s", ", ".join(sources), settings.digest_channel or "(no channel)",
                 settings.digest_window)
    return watcher


def watch(settings: Settings, db: str, stop: threading.Event | None = None) -> None:
    """`newsbot watch`: run the watcher until interrupted (Ctrl-C or SIGTERM)."""
    import signal

    if not (settings.inbox or settings.feeds or settings.ingest_token):
        raise WatchError("Nothing to watch: set NEWSBOT_INBOX (a folder), NEWSBOT_FEEDS (feed URLs) or "
                         "NEWSBOT_INGEST_TOKEN (the CMS webhook) in .env — see docs/digest.md.")
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    watcher = start_watcher(settings, db, metrics=Metrics() if settings.metrics else None)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if watcher:
            watcher.stop()
        log.info("stopped")


def post_now(settings: Settings, index: Index, client: WebClient | None = None) -> PostReport:
    """`newsbot digest`: post what is pending now, whatever the window — one message, a digest or,
    above NEWSBOT_MAX_DIGEST_ARTICLES, a backlog summary."""
    client = client or digest_client(settings)
    if client is None:
        raise WatchError(NO_DIGEST_CHANNEL)
    return Poster.from_settings(index, client, settings).post_due(force=True)
