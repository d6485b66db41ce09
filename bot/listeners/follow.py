"""Subscriptions from Slack: `/ask suivre …`, `ne plus suivre …`, `abonnements` (and `follow`,
`unfollow`, `subscriptions`), in a channel (the channel's digest) or a DM (the person's alerts).

`subscription_request(text)` tells such a request from a question; `handle()` carries it out with
`index.alerts.subscriptions` and answers with `bot.render.alerts`, and refreshes the person's
App Home tab. Whatever goes wrong, the person gets a sentence, never a traceback.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_sdk import WebClient

from bot.listeners.desk import Desk, Send
from bot.render.alerts import (render_error, render_followed, render_home, render_subscriptions,
                               render_unfollowed)
from bot.render.answers import render_notice
from index.alerts import subscriptions
from index.alerts.subscriptions import SubscriptionError
from index.digest.outbox import last_message_at

log = logging.getLogger("newsbot.slack")

_REQUEST = re.compile(
    r"^\s*(?P<verb>ne\s+plus\s+suivre|ne\s+suivre\s+plus|arr[eê]ter\s+de\s+suivre|unfollow|suivre|follow"
    r"|abonnements|abonnement|subscriptions|alertes|alerts)(?=\s|$)\s*(?P<rest>.*)$", re.I | re.S)
_VERBS = {"suivre": "follow", "follow": "follow", "unfollow": "unfollow", "abonnements": "list",
          "abonnement": "list", "subscriptions": "list", "alertes": "list", "alerts": "list"}


def subscription_request(text: str) -> tuple[str, str] | None:
    """("follow" | "unfollow" | "list", the rest) when `text` asks about subscriptions, else None."""
    match = _REQUEST.match(text)
    if not match:
        return None
    verb = " ".join(match["verb"].lower().split())
    action = _VERBS.get(verb, "unfollow")
    if action == "list" and match["rest"].strip():
        return None  # "alertes météo en Bretagne": a question
    return action, match["rest"].strip()


def target_of(channel_id: str | None, user_id: str, direct: bool) -> str:
    """Where alerts go: the channel, or the person (by DM) when asked in a DM."""
    return f"@{user_id}" if direct or not channel_id else channel_id


def handle(desk: Desk, request: tuple[str, str], target: str, user: str, send: Send, client: WebClient | None,
           surface: str = "command") -> None:
    """Carry out a subscription request and answer it with `send`; refresh the person's Home tab."""
    action, rest = request
    try:
        message = _carry_out(desk, action, rest, target, user, client)
    except SubscriptionError as exc:
        message = render_error(exc.code, exc.values, desk.lang)
    except Exception:  # noqa: BLE001 — the index failed: a sentence, never a traceback
        log.exception("unexpected error while handling a subscription")
        message = render_notice("error", desk.lang)
    desk.deliver_note(surface, message, send)
    if action != "list" and client is not None:
        publish_home(desk, client, user)


def _carry_out(desk: Desk, action: str, rest: str, target: str, user: str, client: WebClient | None) -> Any:
    index = desk.index
    if action == "list":
        return render_subscriptions(target, subscriptions.subscriptions_of(index, target), desk.lang)
    if action == "unfollow":
        if not rest:
            return render_unfollowed([], empty=True, lang=desk.lang)
        return render_unfollowed(subscriptions.unfollow(index, target, rest), lang=desk.lang)
    interest = subscriptions.interpret(index, rest)
    found, created = subscriptions.follow(index, target, interest, user, limit=desk.max_subscriptions)
    cannot_post = created and client is not None and not target.startswith("@") and not can_post(client, target)
    return render_followed(found, created, interest.known, cannot_post, desk.lang)


def can_post(client: WebClient, channel: str) -> bool:
    """Whether newsbot can post in `channel`: a member, or a public channel (chat:write.public).
    Unknown (Slack unreachable): assumed yes — delivery retries anyway."""
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except Exception as exc:  # noqa: BLE001 — channel_not_found: a private channel newsbot is not in
        error = getattr(exc, "response", None)
        code = error.get("error") if error is not None and hasattr(error, "get") else None
        return code not in ("channel_not_found", "not_in_channel")
    if info.get("is_archived"):
        return False
    return bool(info.get("is_member")) or not (info.get("is_private") or info.get("is_im") or info.get("is_mpim"))


def publish_home(desk: Desk, client: WebClient, user: str) -> bool:
    """Publish `user`'s App Home tab (views.publish); False, logged, when Slack refused it."""
    try:
        view = render_home(subscriptions.subscriptions_of(desk.index, f"@{user}"),
                           subscriptions.targets_followed_by(desk.index, user), last_message_at(desk.index),
                           desk.lang)
        client.views_publish(user_id=user, view=view)
        return True
    except Exception as exc:  # noqa: BLE001 — the Home tab is a convenience: never fail the request for it
        log.warning("could not publish the App Home tab: %s", type(exc).__name__)
        return False
