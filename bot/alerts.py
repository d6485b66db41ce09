"""The alert poster: each desk's digest in its channel, each journalist's alerts by DM.

For every target with pending alerts (`index.alerts.deliveries`), once its window has passed
(NEWSBOT_DIGEST_WINDOW after its oldest pending alert, and after its last message): claim them,
group their articles into stories as the main digest does, render one message saying why each
story is there, post it — to the channel, or to the journalist's DM opened with
`conversations.open` — and mark posted what Slack accepted. A failure (Slack down, a channel
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

from bot.render.alerts import personal, reasons_of
from bot.render.blocks import Message
from bot.render.digests import render_digest
from index.alerts import deliveries
from index.archive import Index
from index.digest.outbox import digest_of

log = logging.getLogger("newsbot.alerts")

_BAD_BLOCKS = {"invalid_blocks", "invalid_blocks_format", "msg_blocks_too_long", "msg_too_long"}
# Errors that say newsbot cannot post there yet: logged once per round, retried with the growing wait
CANNOT_POST = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action", "cannot_dm_bot",
               "user_not_found", "account_inactive"}


@dataclass
class AlertReport:
    """What one round did: messages posted, alerts posted, targets that failed."""

    messages: int = 0
    alerts: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # target → error
    next_due: float | None = None


class AlertPoster:
    """Posts the pending alerts of every target, one message per target per window."""

    def __init__(self, index: Index, client: WebClient, lang: str = "fr", window: float = 60.0,
                 pace: float = 1.0, retry_base: float = 5.0, owner: str | None = None,
                 clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> None:
        self.index, self.client, self.lang, self.window = index, client, lang, window
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
        alerts = deliveries.claim(self.index, target, self.owner, self.clock(), retrying=retrying)
        if not alerts:
            return
        ids = list(dict.fromkeys(a.article_id for a in alerts))
        part = render_digest(digest_of(self.index, ids), self.lang, reasons_of(alerts, self.lang))
        carried = set(part.article_ids)
        sent = [a.key for a in alerts if a.article_id in carried]
        deliveries.release(self.index, [a.key for a in alerts if a.article_id not in carried], self.owner)
        if not sent:
            return
        try:
            ts = self._send(target, part.message)
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
        log.info("alerts: %d article(s) posted to %s", len(carried), target)

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
