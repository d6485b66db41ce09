"""The answering desk: what every listener shares — ask the index, render, deliver, log.

Listeners stay thin: they read their surface's input (a command, a mention, a DM, a button),
acknowledge, and hand the question to `Desk.reply()` through `Desk.later()` — the desk's threads,
so that the acknowledgement never waits for a search — with a function that sends a message
there. The desk makes
sure that whatever happens (index missing or empty, an unexpected bug, Slack refusing the
message) the person gets a friendly answer in their language, the app keeps serving, and one
log line records the request — without the question's text or any token.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from bot.render.answers import MAX_RESULTS, PAGE_SIZE, render_answer, render_help, render_notice, short_question
from bot.render.blocks import Message
from bot.metrics import Metrics
from bot.render.mrkdwn import one_line
from bot.settings import Settings
from index.store.errors import IndexMissingError, NewsbotError, NotADatabaseError
from index.archive import Index

log = logging.getLogger("newsbot.slack")

HELP_WORDS = {"", "aide", "help", "?", "-h", "--help"}
EVENT_TTL_SECONDS = 3600.0
ACTION_TTL_SECONDS = 86_400.0  # an ephemeral answer's button stays clickable for hours
# Answers searched and rendered at once (see Desk.__init__): searching is Python under the GIL,
# so a second slot gained nothing on 2 cores and slowed answers (docs/benchmarks.md).
SEARCH_SLOTS = 1

Send = Callable[[Message], Any]


def is_help(question: str) -> bool:
    """True for an empty question or a request for help (`/ask`, `/ask aide`, `/ask help`)."""
    return question.strip().lower() in HELP_WORDS


class RecentEvents:
    """Event ids seen in the last `ttl` seconds, in memory: the fallback when the index is unusable."""

    def __init__(self, ttl: float = EVENT_TTL_SECONDS) -> None:
        self.ttl = ttl
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def first(self, event_id: str) -> bool:
        """True the first time `event_id` is seen within the TTL."""
        now = time.monotonic()
        with self._lock:
            for old in [key for key, when in self._seen.items() if now - when > self.ttl]:
                del self._seen[old]
            if event_id in self._seen:
                return False
            self._seen[event_id] = now
            return True

    def forget(self, event_id: str) -> None:
        """`first(event_id)` is True again."""
        with self._lock:
            self._seen.pop(event_id, None)


FAILURES = frozenset(("index_missing", "index_error", "error"))  # outcomes that answer nothing


class Desk:
    """Answers questions from the index for every Slack surface, in the newsroom's language
    (NEWSBOT_LANG), cutting questions at NEWSBOT_MAX_QUESTION_CHARS."""

    def __init__(self, index: Index, settings: Settings, page: int = PAGE_SIZE,
                 executor: Executor | None = None, search_slots: int = SEARCH_SLOTS,
                 metrics: Metrics | None = None) -> None:
        self.index = index
        self.metrics = metrics  # NEWSBOT_METRICS: requests by surface and outcome, answer latency
        self.executor = executor
        # Searching and rendering are CPU work under the GIL: at most this many at once, so that
        # the server's threads (acks) and the threads posting answers (network waits) get their turn.
        self._cpu = threading.BoundedSemaphore(search_slots)
        self.lang = settings.lang
        self.max_question_chars = settings.max_question_chars
        self.max_subscriptions = settings.max_subscriptions  # per channel, or per person's alerts
        self.page = page
        self._recent = RecentEvents()
        self._recent_actions = RecentEvents(ACTION_TTL_SECONDS)

    def later(self, task: Callable[[], Any]) -> None:
        """Run `task` (answering, sharing) on the desk's threads — or now, without an executor.

        Listeners call this after `ack()`: the acknowledgement goes back to Slack at once, the
        answer follows through respond() or the Web API. A task never raises out of here (the
        desk logs what went wrong).
        """
        if self.executor is None:
            _guarded(task)
        else:
            self.executor.submit(_guarded, task)

    def first_delivery(self, event_id: str | None) -> bool:
        """False when Slack redelivers an event already answered (X-Slack-Retry-Num)."""
        if not event_id:
            return True
        first = self._first(event_id, EVENT_TTL_SECONDS, self._recent, "event")
        if not first:
            if self.metrics is not None:
                self.metrics.answered("event", "duplicate")
            log.info("outcome=duplicate event redelivered by Slack, already answered", extra={"outcome": "duplicate"})
        return first

    def first_click(self, key: str) -> bool:
        """False when this button of this message was clicked already (a double click, two
        tabs): the act it asks for (sharing) is done once. `forget_click` undoes it when the act
        failed, so that a new click can try again."""
        first = self._first(key, ACTION_TTL_SECONDS, self._recent_actions, "button")
        if not first:
            log.info("outcome=duplicate click on a button already handled", extra={"outcome": "duplicate"})
        return first

    def _first(self, key: str, ttl: float, memory: RecentEvents, what: str) -> bool:
        """True the first time `key` is seen within `ttl` seconds, as the index remembers it; in
        memory when the index cannot answer (deleted, locked…), so each is still handled once."""
        try:
            return self.index.first_seen(key, ttl)
        except Exception as exc:
            log.warning("%s dedup falls back to memory: %s", what, type(exc).__name__)
            return memory.first(key)

    def forget_click(self, key: str) -> None:
        """The act of a first click did not happen: let the next click try."""
        self._recent_actions.forget(key)
        try:
            self.index.forget_seen(key)
        except Exception as exc:  # the memory fallback was the one used
            log.warning("button dedup: could not forget a click: %s", type(exc).__name__)

    def message_for(self, question: str, *, offset: int = 0, shareable: bool = False, more: bool = True,
                    shared_by: str | None = None) -> tuple[Message, str, int]:
        """(message, outcome, result count) for a question; never raises.

        A question over `max_question_chars` is cut on a word and answered, with a notice saying
        so: a pasted article still gets an answer, and the work per question stays bounded.
        """
        if is_help(question):
            return render_help(self.lang), "help", 0
        asked = short_question(question, self.max_question_chars)
        cut = self.max_question_chars if asked != one_line(question) else None
        try:
            answer = self.index.ask(asked, k=min(offset + self.page, MAX_RESULTS) + 1)
        except (IndexMissingError, NotADatabaseError) as exc:
            log.warning("index unavailable: %s", exc)
            return render_notice("index_missing", self.lang), "index_missing", 0
        except NewsbotError as exc:
            log.warning("index error: %s", exc)
            return render_notice("error", self.lang), "index_error", 0
        except Exception:
            log.exception("unexpected error while answering a question")
            return render_notice("error", self.lang), "error", 0
        message = render_answer(answer, self.lang, offset=offset, page=self.page, shareable=shareable, more=more,
                                shared_by=shared_by, question_cut=cut)
        results = len(answer.hits[offset : max(offset, min(offset + self.page, MAX_RESULTS))])
        return message, answer.notice or "ok", results

    def reply(self, surface: str, question: str, send: Send, *, offset: int = 0, shareable: bool = False,
              more: bool = True, shared_by: str | None = None, failure_to: Send | None = None) -> bool:
        """Answer `question` and deliver it with `send`; log one line. True if Slack took it.

        `shareable` adds the share button, `more` the next-results button (when there are more).
        `failure_to`: where a notice that the index failed goes instead of `send` (a shared answer
        must not post "une erreur" for the whole channel); the reply then returns False.
        """
        started = time.monotonic()
        with self._cpu:
            message, outcome, results = self.message_for(question, offset=offset, shareable=shareable, more=more,
                                                         shared_by=shared_by)
        failed = failure_to is not None and outcome in FAILURES
        delivered = deliver(failure_to if failed else send, message) and not failed  # network: outside the CPU slots
        seconds = time.monotonic() - started
        if self.metrics is not None:  # counted before the log line, which marks the request done
            self.metrics.answered(surface, outcome, seconds)
        fields = {"surface": surface, "outcome": outcome, "results": results, "question_chars": len(question),
                  "offset": offset, "latency_ms": round(seconds * 1000), "delivered": delivered}
        log.info("surface=%s outcome=%s results=%d question_chars=%d offset=%d latency_ms=%.0f delivered=%s",
                 surface, outcome, results, len(question), offset, seconds * 1000, delivered, extra=fields)
        return delivered

    def notify(self, surface: str, key: str, send: Send) -> bool:
        """Deliver a one-sentence notice (e.g. a stale button) and log it."""
        delivered = deliver(send, render_notice(key, self.lang))
        if self.metrics is not None:
            self.metrics.answered(surface, key)
        log.info("surface=%s outcome=%s results=0 delivered=%s", surface, key, delivered,
                 extra={"surface": surface, "outcome": key, "results": 0, "delivered": delivered})
        return delivered

    def deliver_note(self, surface: str, message: Message, send: Send) -> bool:
        """Deliver a short note a listener made (e.g. "Partagé dans #canal") and log it."""
        delivered = deliver(send, message)
        if self.metrics is not None:
            self.metrics.answered(surface, "note")
        log.info("surface=%s outcome=note results=0 delivered=%s", surface, delivered,
                 extra={"surface": surface, "outcome": "note", "results": 0, "delivered": delivered})
        return delivered


def _guarded(task: Callable[[], Any]) -> None:
    try:
        task()
    except Exception:  # the desk answers every failure itself; this is a bug, logged, never raised
        log.exception("unexpected error while answering")


def deliver(send: Send, message: Message) -> bool:
    """Send a message; False (logged, never raised) when Slack refused it after retries."""
    try:
        result = send(message)
    except Exception as exc:  # SlackApiError, connection errors: the listener must go on
        log.warning("could not deliver an answer to Slack: %s", _describe(exc))
        return False
    status = getattr(result, "status_code", 200)
    if status >= 400:
        log.warning("Slack refused an answer: HTTP %s", status)
        return False
    return True


def _describe(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    error = response.get("error") if response is not None and hasattr(response, "get") else None
    return f"{type(exc).__name__} ({error})" if error else type(exc).__name__
