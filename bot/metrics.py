"""What `GET /metrics` says (NEWSBOT_METRICS=1), in Prometheus' text format, with prometheus_client.

Counted by this process as it works:
    newsbot_requests_total{surface, outcome}        Slack requests answered (command, mention, dm, more,
                                                    share; ok, no_match, index_missing, error…)
    newsbot_answer_seconds{surface}                 histogram: question received → answer delivered
    newsbot_articles_ingested_total{source}         articles indexed by this process: inbox, feed, webhook
    newsbot_quotes_extracted_total                  quotations found in those articles
    newsbot_feed_errors_total{kind}                 failed polls of a feed (`feed`), items that could not be read (`item`)
Read from the index at each scrape (so `newsbot ingest` in another process counts too):
    newsbot_index_up                                1 when the index can be read, else 0 (and nothing below)
    newsbot_index_articles / _passages / _quotes    what the index holds
    newsbot_index_size_bytes                        the database file and its WAL
    newsbot_outbox_pending                          articles waiting for the digest
    newsbot_outbox_oldest_pending_age_seconds       how long the oldest of them has waited (0 when none)
    newsbot_outbox_failing                          pending articles whose last post failed
    newsbot_feeds_failing                           feeds whose last poll failed

Labels are a closed set of words newsbot chooses (surfaces, outcomes, sources): no question
text, channel, user, feed URL (it may carry a token) or token ever becomes a label or a value.
Each `Metrics` has its own registry, so that several apps in one process (the tests) never mix.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from prometheus_client import CollectorRegistry, Counter, Histogram, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from index.archive import Index
from index.digest import outbox
from index.store.backup import database_size
from index.search.quotes import quote_count
from index.sources import feed_state

if TYPE_CHECKING:
    from wsgiref.types import WSGIApplication

log = logging.getLogger("newsbot.metrics")

METRICS_PATH = "/metrics"
# Answer latency buckets, seconds: Slack's ack limit is 3 s; answers usually take tens of ms.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class IndexCollector(Collector):
    """Gauges read from the index at scrape time; an unreadable index is `newsbot_index_up 0`."""

    def __init__(self, index: Index, clock: Callable[[], float] = time.time) -> None:
        self.index = index
        self.clock = clock

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily("newsbot_index_up", "1 when the index can be read, else 0")
        try:
            held = self.index.counts()
            backlog = outbox.backlog(self.index)
            feeds = feed_state.every_feed(self.index)
            size = database_size(self.index.path)
        except Exception as exc:  # noqa: BLE001 — a scrape must answer; the reason goes to the log
            log.warning("metrics: the index cannot be read (%s: %s)", type(exc).__name__, exc)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        for name, what in (("articles", "Articles in the index"), ("passages", "Passages in the index"),
                           ("quotes", "Quotations in the index")):
            yield GaugeMetricFamily(f"newsbot_index_{name}", what, value=held[name])
        yield GaugeMetricFamily("newsbot_index_size_bytes", "Size of the database file and its WAL", value=size)
        yield GaugeMetricFamily("newsbot_outbox_pending", "Articles waiting for the digest", value=backlog.pending)
        age = max(0.0, self.clock() - backlog.oldest_queued_at) if backlog.oldest_queued_at is not None else 0.0
        yield GaugeMetricFamily("newsbot_outbox_oldest_pending_age_seconds",
                                "How long the oldest article waiting for the digest has waited", value=age)
        yield GaugeMetricFamily("newsbot_outbox_failing", "Pending articles whose last post to Slack failed",
                                value=backlog.failing)
        yield GaugeMetricFamily("newsbot_feeds_failing", "Feeds whose last poll failed",
                                value=sum(1 for feed in feeds if feed.failures))


class Metrics:
    """The counters of one newsbot process and, once `watch_index` is called, the index's gauges."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("newsbot_requests", "Slack requests answered, by surface and outcome",
                                ["surface", "outcome"], registry=self.registry)
        self.answer_seconds = Histogram("newsbot_answer_seconds", "Time from a question to its answer delivered",
                                        ["surface"], buckets=LATENCY_BUCKETS, registry=self.registry)
        self.articles_ingested = Counter("newsbot_articles_ingested", "Articles indexed (new or changed) by this "
                                         "process, by source", ["source"], registry=self.registry)
        self.quotes_extracted = Counter("newsbot_quotes_extracted", "Quotations extracted from the articles this "
                                        "process indexed", registry=self.registry)
        self.feed_errors = Counter("newsbot_feed_errors", "Failed feed polls (feed) and unreadable feed items (item)",
                                   ["kind"], registry=self.registry)
        for kind in ("feed", "item"):
            self.feed_errors.labels(kind)  # shown at 0 from the start: a rate needs the series to exist
        self._index: Index | None = None

    def watch_index(self, index: Index, clock: Callable[[], float] = time.time) -> None:
        """Read the index's gauges from `index` at each scrape (once: later calls are ignored)."""
        if self._index is None:
            self._index = index
            self.registry.register(IndexCollector(index, clock))

    def answered(self, surface: str, outcome: str, seconds: float | None = None) -> None:
        """One Slack request answered (`seconds`: from the question to the delivered answer)."""
        self.requests.labels(surface, outcome).inc()
        if seconds is not None:
            self.answer_seconds.labels(surface).observe(seconds)

    def ingested(self, source: str, article_ids: Iterable[str]) -> None:
        """Articles this process indexed from `source` (inbox, feed, webhook), and their quotations."""
        ids = list(article_ids)
        if not ids:
            return
        self.articles_ingested.labels(source).inc(len(ids))
        if self._index is not None:
            try:
                self.quotes_extracted.inc(quote_count(self._index, ids))
            except Exception as exc:  # noqa: BLE001 — counting must never fail an ingest
                log.warning("metrics: quotations not counted (%s)", type(exc).__name__)

    def feed_failed(self, kind: str, times: int = 1) -> None:
        """A feed could not be polled (`feed`), or `times` of its items could not be read (`item`)."""
        if times:
            self.feed_errors.labels(kind).inc(times)

    def wsgi_app(self) -> WSGIApplication:
        """GET /metrics: the text format (or OpenMetrics when the scraper asks for it)."""
        return make_wsgi_app(self.registry)
