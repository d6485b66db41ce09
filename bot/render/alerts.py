"""Desks and alerts as Slack messages: what `/ask suivre`, `ne plus suivre` and `abonnements`
answer, why an alert digest carries each story, and the App Home tab. Pure functions.

A *target* is a channel id, or "@" + a user id for a journalist's own alerts (by DM): the words
differ ("ce canal" / "vous").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from bot.i18n import BASE_LANG, quoted, t
from bot.render.blocks import MAX_BLOCKS, Message, button, context, header, section
from bot.render.mrkdwn import cut_words, escape, escape_cut, one_line
from index.alerts.deliveries import Alert
from index.alerts.subscriptions import Subscription

ACTION_UNFOLLOW = "unfollow_subscription"
# The codes `index.alerts.subscriptions.SubscriptionError` carries: each is a message of bot/i18n.
ERROR_KEYS = ("follow_empty", "follow_too_long", "follow_common_words", "follow_too_many_words",
              "subscription_limit")
FOLLOWED = {("person", False): "followed_person_channel", ("person", True): "followed_person_dm",
            ("topic", False): "followed_topic_channel", ("topic", True): "followed_topic_dm"}
KINDS = {"person": "kind_person", "topic": "kind_topic"}
LABEL_CHARS = 120
REASON_QUOTE_CHARS = 300
LISTED_WITH_BUTTONS = MAX_BLOCKS - 5  # the rest of a long list as lines


def personal(target: str) -> bool:
    """True for a journalist's own alerts (delivered by DM), False for a channel's."""
    return target.startswith("@")


def _label(subscription: Subscription) -> str:
    return escape_cut(one_line(subscription.label), LABEL_CHARS)


def render_error(code: str, values: dict[str, object], lang: str = BASE_LANG) -> Message:
    """A subscription refused (`code` one of ERROR_KEYS), saying what to do instead."""
    text = t(code if code in ERROR_KEYS else "follow_empty", lang, **values)
    return Message(text=text, blocks=[section(text)])


def render_followed(subscription: Subscription, created: bool, known: bool = True, cannot_post: bool = False,
                    lang: str = BASE_LANG) -> Message:
    """The answer to `/ask suivre …`: what will arrive where; a note for a person nobody of that
    name is quoted yet, and for a channel newsbot cannot post to yet."""
    label = _label(subscription)
    if not created:
        lines = [t("already_following", lang, label=label)]
    else:
        lines = [t(FOLLOWED[subscription.kind, personal(subscription.target)], lang, label=label)]
    if subscription.kind == "person" and not known:
        lines.append(t("unknown_person", lang, label=label))
    if cannot_post:
        lines.append(t("cannot_post_here", lang))
    return Message(text="\n".join(lines), blocks=[section(line) for line in lines])


def render_unfollowed(removed: Sequence[Subscription], empty: bool = False, lang: str = BASE_LANG) -> Message:
    """The answer to `/ask ne plus suivre …` (or the remove button)."""
    if empty:
        text = t("unfollow_empty", lang)
    elif not removed:
        text = t("unfollow_none", lang)
    else:
        text = "\n".join(t("unfollowed", lang, label=_label(s)) for s in removed)
    return Message(text=text, blocks=[section(text)])


def subscription_line(subscription: Subscription, lang: str = BASE_LANG) -> str:
    """ "*Emmanuel Macron* · personne" (mrkdwn)."""
    return f"*{_label(subscription)}* · {t(KINDS[subscription.kind], lang)}"


def render_subscriptions(target: str, subscriptions: Sequence[Subscription], lang: str = BASE_LANG) -> Message:
    """`/ask abonnements`: the target's subscriptions, each with a button to remove it."""
    if not subscriptions:
        text = t("subscriptions_none", lang)
        return Message(text=text, blocks=[section(text)])
    title = t("subscriptions_dm" if personal(target) else "subscriptions_channel", lang, n=len(subscriptions))
    blocks: list[dict[str, Any]] = [header(cut_words(title, 150), emoji=False)]
    for s in subscriptions[:LISTED_WITH_BUTTONS]:
        block = section(subscription_line(s, lang))
        block["accessory"] = button(ACTION_UNFOLLOW, t("remove_button", lang), str(s.id))
        blocks.append(block)
    rest = [subscription_line(s, lang) for s in subscriptions[LISTED_WITH_BUTTONS:]]
    if rest:
        blocks.append(section("\n".join(rest)[:2900]))
    text = title + " : " + " ; ".join(escape_cut(one_line(s.label), LABEL_CHARS) for s in subscriptions)
    return Message(text=cut_words(text, 3000), blocks=blocks)


def reason_text(alert: Alert, lang: str = BASE_LANG) -> str:
    """Why an alert digest carries an article (mrkdwn): "cite Emmanuel Macron : « … »", or the topic."""
    if alert.kind == "person":
        text = t("quotes_person", lang, name=escape_cut(alert.reason, LABEL_CHARS))
        if alert.quote:
            text += " : " + quoted(escape_cut(one_line(alert.quote), REASON_QUOTE_CHARS), lang)
        return text
    return escape_cut(one_line(alert.reason), LABEL_CHARS)


def reasons_of(alerts: Sequence[Alert], lang: str = BASE_LANG) -> dict[str, str]:
    """{article id: why} for an alert digest: every subscription an article matched, once each."""
    found: dict[str, list[str]] = {}
    for alert in alerts:
        reasons = found.setdefault(alert.article_id, [])
        reason = reason_text(alert, lang)
        if reason not in reasons:
            reasons.append(reason)
    return {article: " · ".join(reasons) for article, reasons in found.items()}


def _when(at: float | None, lang: str) -> str:
    if at is None:
        return t("home_never", lang)
    return datetime.fromtimestamp(at, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def render_home(alerts: Sequence[Subscription], channels: Sequence[tuple[str, int]], last_digest_at: float | None,
                lang: str = BASE_LANG) -> dict[str, Any]:
    """The App Home tab of one person: their alerts (each with a remove button), the channels
    where they follow things, the last digest, and how to ask."""
    blocks: list[dict[str, Any]] = [header(t("home_title", lang), emoji=False), section(t("home_alerts", lang))]
    if alerts:
        for s in alerts[:LISTED_WITH_BUTTONS]:
            block = section(subscription_line(s, lang))
            block["accessory"] = button(ACTION_UNFOLLOW, t("remove_button", lang), str(s.id))
            blocks.append(block)
        rest = [subscription_line(s, lang) for s in alerts[LISTED_WITH_BUTTONS:]]
        if rest:
            blocks.append(section("\n".join(rest)[:2900]))
    else:
        blocks.append(context(t("home_no_alerts", lang)))
    blocks.append({"type": "divider"})
    blocks.append(section(t("home_channels", lang)))
    lines = [t("home_channel_line", lang, channel=escape(channel), n=n) for channel, n in channels[:40]]
    blocks.append(section("\n".join(lines)[:2900]) if lines else context(t("home_no_channels", lang)))
    blocks.append({"type": "divider"})
    blocks.append(section(t("home_last_digest", lang, when=_when(last_digest_at, lang))))
    blocks.append(section(t("home_howto", lang)))
    return {"type": "home", "blocks": blocks}
