"""The alert poster: each desk's digest in its channel, each journalist's alerts by DM.

For every target with pending alerts (`index.alerts.deliveries`), once its window has passed
(NEWSBOT_DIGEST_WINDOW after its oldest pending alert, and after its last message): claim them,
group their articles into stories as the main digest does, render one message saying why each
story is there, post it — to the channel, or to the journalist's DM opened with
`conversations.open` — and mark posted what Slack accepted. More articles waiting for one
target than NEWSBOT_MAX_DIGEST_ARTICLES get one summary message instead, as the main digest's
backlog does (`bot.render.alerts.render_alert_backlog`): counts, the main stories, how many
articles each subscription brought and the searches that find them; the summary stands for
every one of those alerts (marked posted with it). A failure (Slack down, a channel
newsbot is not in yet, an archived channel) leaves the alerts pending, retried with a growing
wait up to 15 minutes: the subscription is kept and the alerts arrive once newsbot can post.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.render.alerts import personal, reasons_of, render_alert_backlog
from bot.render.blocks import Message
from bot.render.digests import render_digest
from bot.settings import Settings
from index.alerts import deliveries
from index.archive import Index
from index.digest.digests import backlog_of
from index.digest.outbox import digest_of

log = logging.getLogger("newsbot.alerts")
_DEFAULTS = Settings()  # the settings table's defaults, for a poster built without settings (tests)

_BAD_BLOCKS = {"invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long", "msg_too_long"}
# Errors that say newsbot cannot post there yet: logged once per round, retried with the growing wait
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "cannot_dm_bot",
               "user_not_found", "account_inactive"}


@dataclass
class AlertReport:
    """What one round did: messages posted, alerts posted, targets that failed."""

    messages: int = 0
    alerts: int = 0
    summarized: int = 0  # alerts stood for by a backlog summary (counted in `alerts` too)
    failed: dict[str, str] = field(default_factory=dict)  # target → error
    next_due: float | None = None


class AlertPoster:
    """Posts the pending alerts of every target, one message per target per window."""

    def __init__(self, index: Index, client: WebClient, lang: str = "fr", window: float = 60.0,
                 pace: float = 1.0, retry_base: float = 5.0, owner: str | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep,
                 max_articles: int = _DEFAULTS.max_digest_articles) -> None:
        self.index, self.client, self.lang, self.window = index, client, lang, window
        self.max_articles = max_articles  # NEWSBOT_MAX_DIGEST_ARTICLES: more waiting, one summary
        self.pace, self.retry_base, self.clock, self.sleep = pace, retry_base, clock, sleep
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}:alerts"
        self._last_post = -float("inf")
        self._lock = threading.Lock()
        self._dm: dict[str, str] = {}  # "@U…" → the DM channel conversations.open gave

    def post_due(self, force: bool = False) -> AlertReport:
        """Post every target's alerts that are due (all pending ones with `force`)."""
        report = AlertReport()
        with self._lock:
            now = self.clock()
            for target, due in sorted(deliveries.due_targets(self.index, 0.0 if force else self.window,
                                                              self.owner, now).items()):
                if force or due <= now:
                    self._post_target(target, report, retrying=not force)
            upcoming = deliveries.due_targets(self.index, self.window, self.owner, self.clock())
            report.next_due = min(upcoming.values(), default=None)
        return report

    def _post_target(self, target: str, report: AlertReport, retrying: bool) -> None:
        alerts = deliveries.claim(self.index, target, self.owner, self.clock(), limit=None, retrying=retrying)
        if not alerts:
            return
        ids = list(dict.fromkeys(a.article_id for a in alerts))
        try:
            message, sent, carried = self._compose(alerts, ids)
        except Exception as exc:  # noqa: BLE001 — one target's failure must not hold back the others
            error = f"could not compose the message: {type(exc).__name__}: {exc}"
            log.exception("alerts: %s for %s", error, target)
            retry_at = deliveries.mark_failed(self.index, [a.key for a in alerts], error, self.clock(),
                                              base=self.retry_base)
            report.failed[target] = error
            log.warning("alerts: %d alert(s) for %s stay pending, retried in %.0f s", len(alerts), target,
                        retry_at - self.clock())
            return
        if not sent:
            return
        if not deliveries.held(self.index, sent, self.owner, self.clock()):
            log.warning("alerts: the lease on %s's alerts ran out while the message was made; another poster "
                        "has them (not posted here)", target)
            return
        try:
            ts = self._send(target, message)
        except Exception as exc:  # noqa: BLE001 — Slack or network: keep them pending, retry later
            error = _reason(exc)
            retry_at = deliveries.mark_failed(self.index, sent, error, self.clock(), base=self.retry_base)
            report.failed[target] = error
            log.warning("alerts: posting to %s failed (%s); %d alert(s) stay pending, retried in %.0f s%s",
                        target, error, len(sent), retry_at - self.clock(),
                        " — invite newsbot to the channel" if _code(exc) in CANNOT_POST else "")
            return
        deliveries.mark_posted(self.index, sent, ts, self.clock())
        report.messages += 1
        report.alerts += len(sent)
        if len(ids) > self.max_articles:
            report.summarized += len(sent)
            log.info("alerts: a backlog of %d article(s) summarized in one message to %s (over "
                     "NEWSBOT_MAX_DIGEST_ARTICLES=%d)", len(carried), target, self.max_articles)
        else:
            log.info("alerts: %d article(s) posted to %s", len(carried), target)

    def _compose(self, alerts: list[deliveries.Alert],
                 ids: list[str]) -> tuple[Message, list[deliveries.Key], set[str]]:
        """(message, alerts it carries, articles it carries): a digest, or above `max_articles`
        articles a backlog summary standing for all of them; what a digest cannot carry is released."""
        if len(ids) > self.max_articles:
            message = render_alert_backlog(backlog_of(digest_of(self.index, ids)), alerts, self.lang)
            return message, [a.key for a in alerts], set(ids)
        part = render_digest(digest_of(self.index, ids), self.lang, reasons_of(alerts, self.lang))
        carried = set(part.article_ids)
        deliveries.release(self.index, [a.key for a in alerts if a.article_id not in carried], self.owner)
        return part.message, [a.key for a in alerts if a.article_id in carried], carried

    def _channel(self, target: str) -> str:
        """The channel to post to: the target itself, or a journalist's DM (conversations.open)."""
        if not personal(target):
            return target
        if target not in self._dm:
            response = self.client.conversations_open(users=target[1:])
            self._dm[target] = response["channel"]["id"]
        return self._dm[target]

    def _send(self, target: str, message: Message) -> str | None:
        wait = min(self.pace, self._last_post + self.pace - self.clock())
        if wait > 0:
            self.sleep(wait)
        channel = self._channel(target)
        try:
            response = self.client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks,
                                                    unfurl_links=False, unfurl_media=False)
        except SlackApiError as exc:
            if exc.response.get("error") not in _BAD_BLOCKS:
                raise
            response = self.client.chat_postMessage(channel=channel, text=message.text, unfurl_links=False,
                                                    unfurl_media=False)
        finally:
            self._last_post = self.clock()
        return response.get("ts")


def _code(exc: Exception) -> str | None:
    return exc.response.get("error") if isinstance(exc, SlackApiError) else None


def _reason(exc: Exception) -> str:
    if isinstance(exc, SlackApiError):
        return f"Slack answered {getattr(exc.response, 'status_code', None)}: {exc.response.get('error')}"
    return f"{type(exc).__name__}: {exc}"
