"""The Slack app: `create_app(settings, index)` builds a Bolt app wired to the index.

No app exists at import time and nothing here reads the environment: the entry point
(`newsbot serve`) builds `Settings` and the index, then calls `create_app`. Tests call it with
`client=WebClient(base_url=<a local fake Slack>)`.

Answers are computed off the request: listeners run before Bolt responds
(`process_before_response`), so the acknowledgement goes back to Slack as soon as the listener
has called `ack()` — no polling for it — and the listener hands the search and the answer to the
desk's thread pool (`Desk.later`). See docs/benchmarks.md, "Slack: acknowledgement and answer
under load", for where requests waited before.

Reliability, set up once here for every listener:
- the Web API client retries rate limits (honouring Retry-After) and server errors; Bolt copies
  its retry handlers into the client of every request;
- `respond()` posts to the response_url through a WebhookClient with the same retry handlers
  (Bolt's own `respond()` has only the default one, for connection errors).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltContext
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler, RetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.webhook import WebhookClient, WebhookResponse

from bot.listeners import register
from bot.listeners.desk import SEARCH_SLOTS, Desk
from bot.metrics import Metrics
from bot.settings import Settings
from index.archive import Index

log = logging.getLogger("newsbot.slack")

# Threads answering questions (search, render, post). Posting to Slack is a network wait, so
# several answers post at once; their search and rendering (Python, under the GIL) take turns in
# `Desk`'s CPU slots, one per core — more at once only slows the acks (docs/benchmarks.md).
ANSWER_THREADS = 8
RETRIES = 2  # after the first attempt, for rate limits and server errors


def retry_handlers() -> list[RetryHandler]:
    """Connection errors (once), rate limits (honouring Retry-After) and 500/503 (with backoff)."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=1),
        RateLimitErrorRetryHandler(max_retry_count=RETRIES),
        ServerErrorRetryHandler(max_retry_count=RETRIES),
    ]


def web_client(settings: Settings, client: WebClient | None = None) -> WebClient:
    """The Web API client: `SLACK_API_URL` as base URL, the bot token, the retry handlers.

    A given client keeps its base URL; it gets the bot token if it has none and the retry
    handlers it lacks.
    """
    if client is None:
        base_url = settings.slack_api_url or WebClient.BASE_URL
        client = WebClient(token=settings.slack_bot_token, base_url=base_url.rstrip("/") + "/")
    if client.token is None:
        client.token = settings.slack_bot_token
    present = {type(handler) for handler in client.retry_handlers}
    client.retry_handlers.extend(h for h in retry_handlers() if type(h) not in present)
    return client


class RetryingRespond(Respond):
    """`respond()` that retries on 429 (Retry-After) and 500/503 from the response_url."""

    def __call__(  # type: ignore[override]
        self,
        text: str = "",
        blocks: Sequence[dict[str, Any]] | None = None,
        response_type: str | None = None,
        replace_original: bool | None = None,
        delete_original: bool | None = None,
        unfurl_links: bool | None = None,
        unfurl_media: bool | None = None,
        thread_ts: str | None = None,
        **_: Any,
    ) -> WebhookResponse:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        message: dict[str, Any] = {"text": text}
        optional = {
            "blocks": list(blocks) if blocks else None,
            "response_type": response_type,
            "replace_original": replace_original,
            "delete_original": delete_original,
            "unfurl_links": unfurl_links,
            "unfurl_media": unfurl_media,
            "thread_ts": thread_ts,
        }
        message.update({key: value for key, value in optional.items() if value is not None})
        client = WebhookClient(url=self.response_url, proxy=self.proxy, ssl=self.ssl, retry_handlers=retry_handlers())
        return client.send_dict(message)


def _attach(desk: Desk) -> Callable[..., None]:
    """Global middleware: give listeners the desk and the retrying respond()."""

    def attach(context: BoltContext, next: Callable[[], None]) -> None:  # noqa: A002 (Bolt's name)
        context["desk"] = desk
        if context.response_url:
            context["respond"] = RetryingRespond(
                response_url=context.response_url, proxy=context.client.proxy, ssl=context.client.ssl
            )
        next()

    return attach


class _NotOurs(logging.Filter):
    """Drops Bolt's "As you gave `client` as well, `token` will be unused": Bolt reads
    SLACK_BOT_TOKEN from the environment by itself and warns when a client is given too — which
    newsbot always does, with that very token. Nothing for an admin to act on."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


_BOLT_APP_LOG = logging.getLogger("slack_bolt.App")
if not any(isinstance(f, _NotOurs) for f in _BOLT_APP_LOG.filters):
    _BOLT_APP_LOG.addFilter(_NotOurs())


def create_app(
    settings: Settings,
    index: Index,
    client: WebClient | None = None,
    *,
    answer_threads: int = ANSWER_THREADS,
    search_slots: int = SEARCH_SLOTS,
    background: bool = True,
    metrics: Metrics | None = None,
    verify_token: bool = True,
) -> App:
    """A Bolt app answering /ask, mentions and DMs from `index`, with share and paging buttons.

    Calls `auth.test` on the Web API (Bolt checks the token at construction). In HTTP mode,
    requests are verified with `settings.slack_signing_secret`. Answers are computed by
    `answer_threads` threads, `search_slots` of them searching at once; `background=False`
    computes them before the request returns (tests that want the answer sent when `dispatch`
    returns). `metrics` (NEWSBOT_METRICS) counts the requests answered and
    their latency. `verify_token=False`: the caller checked the token already (`newsbot serve`).
    """
    executor = ThreadPoolExecutor(max_workers=answer_threads, thread_name_prefix="newsbot-answer") if background \
        else None
    app = App(
        name="newsbot-app",  # Bolt resets the level of the logger of this name: keep it off "newsbot"
        client=web_client(settings, client),
        signing_secret=settings.slack_signing_secret or "",
        process_before_response=True,  # listeners ack and hand the answer to the desk's threads
        token_verification_enabled=verify_token,
    )
    app.use(_attach(Desk(index, settings, executor=executor, search_slots=search_slots, metrics=metrics)))
    register(app)
    return app
