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
from bot.render.digests import render_backlog
from bot.render.mrkdwn import cut_words, escape, escape_cut, one_line
from index.alerts.deliveries import Alert
from index.alerts.subscriptions import Subscription
from index.digest.digests import Backlog

ACTION_UNFOLLOW = "unfollow_subscription"
# The codes `index.alerts.subscriptions.SubscriptionError` carries: each is a message of bot/i18n.
ERROR_KEYS = ("follow_empty", "follow_too_long", "follow_common_words", "follow_too_many_words",
              "subscription_limit")
FOLLOWED = {("person", False): "followed_person_channel", ("person", True): "followed_person_dm",
            ("topic", False): "followed_topic_channel", ("topic", True): "followed_topic_dm",
            ("phrase", False): "followed_phrase_channel", ("phrase", True): "followed_phrase_dm"}
KINDS = {"person": "kind_person", "topic": "kind_topic", "phrase": "kind_phrase"}
LABEL_CHARS = 120
REASON_QUOTE_CHARS = 300
LISTED_WITH_BUTTONS = MAX_BLOCKS - 5  # the rest of a long list as lines
BACKLOG_REASONS = 10  # subscriptions counted in an alert backlog's summary
BACKLOG_SEARCHES = 5  # and the searches it suggests
SEARCH_CHARS = 80


def personal(target: str) -> bool:
    """True for a journalist's own alerts (delivered by DM), False for a channel's."""
    return target.startswith("@")


def _label(subscription: Subscription, lang: str = BASE_LANG) -> str:
    """What a subscription is called (mrkdwn, escaped); a phrase in the language's quotation marks."""
    label = escape_cut(one_line(subscription.label), LABEL_CHARS)
    return quoted(label, lang) if subscription.kind == "phrase" else label


def render_error(code: str, values: dict[str, object], lang: str = BASE_LANG) -> Message:
    """A subscription refused (`code` one of ERROR_KEYS), saying what to do instead."""
    text = t(code if code in ERROR_KEYS else "follow_empty", lang, **values)
    return Message(text=text, blocks=[section(text)])


def render_followed(subscription: Subscription, created: bool, known: bool = True, cannot_post: bool = False,
                    lang: str = BASE_LANG) -> Message:
    """The answer to `/ask suivre …`: what will arrive where; a note for a person nobody of that
    name is quoted yet, and for a channel newsbot cannot post to yet."""
    label = _label(subscription, lang)
    if not created:
        lines = [t("already_following", lang, label=label)]
    else:
        lines = [t(FOLLOWED.get((subscription.kind, personal(subscription.target)), "followed_topic_channel"), lang,
                   label=label)]
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
        text = "\n".join(t("unfollowed", lang, label=_label(s, lang)) for s in removed)
    return Message(text=text, blocks=[section(text)])


def subscription_line(subscription: Subscription, lang: str = BASE_LANG) -> str:
    """ "*Emmanuel Macron* · personne", "*retraites · pénibilité* · sujet (tous ces mots)",
    "*« réforme des retraites »* · expression (ces mots à la suite)" (mrkdwn)."""
    return f"*{_label(subscription, lang)}* · {t(KINDS.get(subscription.kind, 'kind_topic'), lang)}"


def render_subscriptions(target: str, subscriptions: Sequence[Subscription], lang: str = BASE_LANG) -> Message:
    """`/ask abonnements`: the target's subscriptions, each with a button to remove it."""
    if not subscriptions:
        text = t("subscriptions_none", lang)
        return Message(text=text, blocks=[section(text)])
    title = t("subscriptions_dm" if personal(target) else "subscriptions_channel", lang, n=len(subscriptions))
    blocks: list[dict[str, Any]] = [header(cut_words(title, 150), emoji=False),
                                    *_removable(subscriptions, lang)]
    text = title + " : " + " ; ".join(_label(s, lang) for s in subscriptions)
    return Message(text=cut_words(text, 3000), blocks=blocks)


def reason_text(alert: Alert, lang: str = BASE_LANG) -> str:
    """Why an alert digest carries an article (mrkdwn): "cite Emmanuel Macron : « … »", or the topic."""
    if alert.kind == "person":
        text = t("quotes_person", lang, name=escape_cut(alert.reason, LABEL_CHARS))
        if alert.quote:
            text += " : " + quoted(escape_cut(one_line(alert.quote), REASON_QUOTE_CHARS), lang)
        return text
    reason = escape_cut(one_line(alert.reason), LABEL_CHARS)
    return quoted(reason, lang) if alert.kind == "phrase" else reason


def reasons_of(alerts: Sequence[Alert], lang: str = BASE_LANG) -> dict[str, str]:
    """{article id: why} for an alert digest: every subscription an article matched, once each."""
    found: dict[str, list[str]] = {}
    for alert in alerts:
        reasons = found.setdefault(alert.article_id, [])
        reason = reason_text(alert, lang)
        if reason not in reasons:
            reasons.append(reason)
    return {article: " · ".join(reasons) for article, reasons in found.items()}


def _why_followed(alert: Alert, lang: str) -> str:
    """ "cite Emmanuel Macron", "retraites · pénibilité", "« réforme des retraites »" (mrkdwn)."""
    if alert.kind == "person":
        return t("quotes_person", lang, name=escape_cut(alert.reason, LABEL_CHARS))
    return reason_text(alert, lang)


def _search(alert: Alert, lang: str) -> str:
    """The `/ask …` that finds a subscription's articles again (inline code: no backticks in it)."""
    words = one_line(alert.reason).replace("`", "'")
    words = escape_cut(words.replace(" · ", " ") if alert.kind == "topic" else words, SEARCH_CHARS)
    return f"`/ask {quoted(words, lang) if alert.kind == 'phrase' else words}`"


def render_alert_backlog(backlog: Backlog, alerts: Sequence[Alert], lang: str = BASE_LANG) -> Message:
    """The one message standing for a channel's (or a person's) alerts when more articles wait
    than NEWSBOT_MAX_DIGEST_ARTICLES: the main digest's backlog summary (counts, the stories
    carried by most articles), with how many articles each subscription brought and the searches
    that find them."""
    brought: dict[int, tuple[Alert, set[str]]] = {}
    for alert in alerts:
        brought.setdefault(alert.subscription_id, (alert, set()))[1].add(alert.article_id)
    ranked = sorted(brought.values(), key=lambda found: (-len(found[1]), found[0].subscription_id))
    lines = [t("alerts_backlog_line", lang, reason=_why_followed(alert, lang),
               articles=t("digest_one_article", lang) if len(ids) == 1 else t("story_articles", lang, n=len(ids)))
             for alert, ids in ranked[:BACKLOG_REASONS]]
    searches = " · ".join(_search(alert, lang) for alert, _ids in ranked[:BACKLOG_SEARCHES])
    return render_backlog(backlog, lang, lines, t("alerts_backlog_howto", lang, searches=searches))


def _when(at: float | None, lang: str) -> str:
    if at is None:
        return t("home_never", lang)
    return datetime.fromtimestamp(at, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _removable(subscriptions: Sequence[Subscription], lang: str) -> list[dict[str, Any]]:
    """One line per subscription with its remove button (the first LISTED_WITH_BUTTONS), the
    rest as plain lines: for the list in Slack and the Home tab alike."""
    blocks: list[dict[str, Any]] = []
    for s in subscriptions[:LISTED_WITH_BUTTONS]:
        block = section(subscription_line(s, lang))
        block["accessory"] = button(ACTION_UNFOLLOW, t("remove_button", lang), str(s.id))
        blocks.append(block)
    rest = [subscription_line(s, lang) for s in subscriptions[LISTED_WITH_BUTTONS:]]
    if rest:
        blocks.append(section("\n".join(rest)[:2900]))
    return blocks


def render_home(alerts: Sequence[Subscription], channels: Sequence[tuple[str, int]], last_digest_at: float | None,
                lang: str = BASE_LANG) -> dict[str, Any]:
    """The App Home tab of one person: their alerts (each with a remove button), the channels
    where they follow things, the last digest, and how to ask."""
    blocks: list[dict[str, Any]] = [header(t("home_title", lang), emoji=False), section(t("home_alerts", lang))]
    if alerts:
        blocks += _removable(alerts, lang)
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
