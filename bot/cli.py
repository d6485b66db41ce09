"""The `newsbot` command: thin commands over the index library (and, for `serve`, the Slack app).

Each command reads its options, calls one library function and prints the result; library
errors (`NewsbotError`) become clear messages with exit status 1, never tracebacks.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from dotenv import find_dotenv, load_dotenv
from tqdm import tqdm

from bot.i18n import t
from bot.render.answers import render_answer_text, render_quotes_text, short_question
from bot.render.mrkdwn import one_line
from bot.settings import Settings
from index.archive import Index, open_index
from index.sources.articles import Read
from index.sources.ingest import ingest as ingest_targets, is_url
from index.sources.readers import total_bytes
from index.store.errors import NewsbotError


def _friendly(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one-line messages (exit 1) instead of tracebacks."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except NewsbotError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


class Context:
    """What every command shares: settings and the database path."""

    def __init__(self, settings: Settings, db: str, problems: list[str] | None = None) -> None:
        self.settings = settings
        self.db = db
        self.problems = problems or []  # malformed settings (left at their defaults): for the doctor

    def index(self, create: bool = False) -> Index:
        """The index at the database path (`create`: make it when missing, for ingest)."""
        return open_index(self.db, create=create)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", metavar="FILE", help=f"Database file (default: NEWSBOT_DB, else ./{Settings().db}).")
@click.version_option(package_name="newsbot")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """newsbot: answers newsroom questions from indexed articles, with sources."""
    settings, problems = Settings.read_env()
    if problems and ctx.invoked_subcommand != "doctor":  # the doctor lists them all
        raise click.ClickException(f"{problems[0]} (see .env.example)")  # one line naming it, not a traceback
    ctx.obj = Context(settings, db or settings.db, problems)


# ---------------------------------------------------------------------------- ingest


class _Progress:
    """A progress bar on stderr while `newsbot ingest` reads (tqdm): bytes read of the files' known
    total, rate and time left, with the articles read and failed so far. Only on a terminal:
    piped or redirected output gets no bar (nor the cost of measuring the total)."""

    def __init__(self, targets: tuple[str, ...]) -> None:
        self.reads = 0
        self.failed = 0
        self.enabled = sys.stderr.isatty()
        total = sum(total_bytes(t) for t in targets if not is_url(t)) if self.enabled else 0
        self.bar = tqdm(total=total or None, unit="B", unit_scale=True, unit_divisor=1024, file=sys.stderr,
                        disable=not self.enabled, leave=False, dynamic_ncols=True, mininterval=0.2, desc="ingest")

    def __call__(self, read: Read) -> None:
        self.reads += 1
        self.failed += read.article is None
        self.bar.set_postfix_str(f"{self.reads:,} read · {self.failed:,} failed", refresh=False)

    def advance(self, n: int) -> None:
        self.bar.update(n)

    def done(self) -> None:
        self.bar.close()


def _shown(origin: str) -> str:
    """A path as printed: a file name with a newline or escape sequence cannot forge output lines."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in origin)


def _parse_fields(values: tuple[str, ...]) -> dict[str, str]:
    mapping = {}
    for value in values:
        name, sep, key = value.partition("=")
        if not sep or not name or not key:
            raise click.BadParameter(f"expected FIELD=KEY, such as text=article (got {value!r})", param_hint="--field")
        mapping[name.strip()] = key.strip()
    return mapping


@cli.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--field", "fields", multiple=True, metavar="FIELD=KEY",
              help="JSON input: take FIELD from KEY (e.g. text=heading+article, published=date).")
@click.option("--source", help="Outlet name for articles that do not give one.")
@click.option("--no-quotes", is_flag=True, help="Skip quotation extraction (faster bulk loads; no speakers).")
@click.option("--no-digest", is_flag=True, help="Do not announce these articles in the digest (archive imports).")
@click.option("--workers", type=click.IntRange(1, 32), default=None,
              help="Processes analyzing articles (default: one per CPU core, at most 4).")
@click.pass_obj
@_friendly
def ingest(obj: Context, targets: tuple[str, ...], fields: tuple[str, ...], source: str | None, no_quotes: bool,
           no_digest: bool, workers: int | None) -> None:
    """Index articles from files, folders (recursively) and web pages.

    Reads .txt, .md (front matter), .json / .jsonl (title, text, id, url, source, published,
    author) and .html, also gzipped. A bad file is reported with its reason and the rest goes
    in; the exit status is 1 if any input failed.
    """
    field_map = _parse_fields(fields)
    index = obj.index(create=True)
    index.extract_quotes = not no_quotes
    index.queue_digest = not no_digest
    progress = _Progress(targets)
    started = time.monotonic()
    try:
        report = ingest_targets(index, targets, field_map=field_map, defaults={"source": source} if source else None,
                                max_article_bytes=obj.settings.max_article_bytes, on_read=progress,
                                on_bytes=progress.advance, workers=workers or min(os.cpu_count() or 1, 4),
                                fetch_timeout=obj.settings.fetch_timeout)
    finally:
        progress.done()
    elapsed = time.monotonic() - started
    for origin, reason in report.failed:
        click.echo(f"✗ {_shown(origin)}: {reason}", err=True)
    for origin, warning in report.warnings:
        click.echo(f"! {_shown(origin)}: {warning}", err=True)
    total = report.added + report.replaced + report.unchanged + report.duplicate
    click.echo(
        f"{report.added} added, {report.replaced} updated, {report.unchanged} unchanged, "
        f"{report.duplicate} duplicate, {len(report.failed)} failed "
        f"({total} articles in {elapsed:.1f} s) → {index.path}"
    )
    if report.failed:
        sys.exit(1)


# ---------------------------------------------------------------------------- ask


@cli.command()
@click.argument("question", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the documented contract).")
@click.option("-k", "k", default=5, show_default=True, type=click.IntRange(1, 50), help="How many answers.")
@click.pass_obj
@_friendly
def ask(obj: Context, question: tuple[str, ...], as_json: bool, k: int) -> None:
    """Answer a QUESTION with the best passages and their sources."""
    text = short_question(" ".join(question), obj.settings.max_question_chars)
    if text != one_line(" ".join(question)):
        click.echo(f"The question was cut to its first {obj.settings.max_question_chars} characters "
                   "(NEWSBOT_MAX_QUESTION_CHARS).", err=True)
    answer = obj.index(create=False).ask(text, k=k)
    if as_json:
        click.echo(json.dumps(answer.to_dict(), ensure_ascii=False))
    else:
        click.echo(render_answer_text(answer, obj.settings.lang))


# ---------------------------------------------------------------------------- stats


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
@_friendly
def stats(obj: Context, as_json: bool) -> None:
    """What the index holds: articles, passages, sources, dates, size."""
    figures = obj.index(create=False).stats()
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
        return
    click.echo(f"{figures['path']}: {figures['articles']:,} articles, {figures['passages']:,} passages, "
               f"{figures['size_bytes'] / 1e6:.1f} MB")
    if figures["published_first"]:
        click.echo(f"published {figures['published_first'][:10]} → {figures['published_last'][:10]}")
    for source, count in figures["sources"].items():
        click.echo(f"  {count:>8,}  {source}")
    if not figures["articles"]:
        click.echo(t("empty_index", obj.settings.lang))


# ---------------------------------------------------------------------------- serve


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


@cli.command()
@click.pass_obj
@_friendly
def serve(obj: Context) -> None:
    """Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT.

    Needs SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET in HTTP mode (see the README, "Install in
    Slack"). HTTP mode serves /slack/events and /healthz.
    """
    from bot.metrics import Metrics
    from bot.serve import check_slack_settings, configure_logging, serve as run  # Slack libraries load only here
    from bot.watch import start_watcher

    metrics = Metrics() if obj.settings.metrics else None
    if threading.current_thread() is threading.main_thread():
        # systemctl stop sends SIGTERM: stop as on Ctrl-C, so that the watcher's poster finishes the
        # digest it is posting and records it (never posted twice after a restart)
        signal.signal(signal.SIGTERM, _interrupt)
    # The digest watcher beside the bot; in Socket Mode PORT is free for the CMS webhook and metrics.
    check_slack_settings(obj.settings)  # before anything starts
    # the log format first: opening an index of an older newsbot may analyse it again, with a
    # progress line per 500 articles that an admin must see, in NEWSBOT_LOG_FORMAT
    configure_logging(obj.settings.log_level, obj.settings.log_format)
    index = open_index(obj.db, create=True)  # one index, so one write lock, for the bot and its watcher
    watcher = start_watcher(obj.settings, index, serve_webhook=bool(obj.settings.slack_app_token), metrics=metrics)
    try:
        run(obj.settings, index, on_ingested=watcher.notify if watcher else None, metrics=metrics)
    finally:
        if watcher:
            watcher.stop()


@cli.command()
@click.option("--speaker", metavar="NAME", help="Only what this person said (\"Poutine\" finds \"Vladimir Poutine\").")
@click.option("-n", "limit", default=20, show_default=True, type=click.IntRange(1, 1000), help="How many quotes.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
@_friendly
def quotes(obj: Context, speaker: str | None, limit: int, as_json: bool) -> None:
    """List quotations with who said them, newest first, with sources."""
    found = obj.index(create=False).quotes(speaker=speaker, limit=limit)
    if as_json:
        items = [{"speaker": q.speaker, "quote": q.quote, "passage": q.passage, "article": q.article.to_dict()}
                 for q in found]
        click.echo(json.dumps({"speaker": speaker, "quotes": items}, ensure_ascii=False))
        return
    click.echo(render_quotes_text(found, obj.settings.lang))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
@_friendly
def feedback(obj: Context, as_json: bool) -> None:
    """Export the 👍 / 👎 given to answers in Slack, with the question and the answers shown."""
    from index.feedback import export

    found = export(obj.index(create=False))
    if as_json:
        click.echo(json.dumps({"feedback": found}, ensure_ascii=False))
        return
    up = sum(1 for f in found if f["rating"] == "up")
    click.echo(f"{len(found)} feedback(s): {up} 👍, {len(found) - up} 👎")
    for item in found:
        click.echo(f"{'👍' if item['rating'] == 'up' else '👎'} {item['question']}"
                   f" — {', '.join(a['title'] or a['article_id'] for a in item['answers']) or '(no answer)'}")


# ---------------------------------------------------------------------------- digest (issue 4)


@cli.command()
@click.pass_obj
@_friendly
def watch(obj: Context) -> None:
    """Watch the inbox folder and feeds (and serve the CMS webhook); post digests of new articles.

    Reads NEWSBOT_INBOX, NEWSBOT_FEEDS, NEWSBOT_INGEST_TOKEN (POST /ingest on PORT) and posts to
    NEWSBOT_DIGEST_CHANNEL; see docs/digest.md. `newsbot serve` runs the same watcher.
    """
    from bot.serve import configure_logging
    from bot.watch import watch as run

    configure_logging(obj.settings.log_level, obj.settings.log_format)
    run(obj.settings, obj.db)


@cli.command()
@click.option("--dry-run", is_flag=True, help="Show the digest of the pending articles; post nothing.")
@click.option("--discard", is_flag=True, help="Mark every pending article as posted, posting nothing (after a bulk import).")
@click.pass_obj
@_friendly
def digest(obj: Context, dry_run: bool, discard: bool) -> None:
    """Post the digest of the articles waiting for it, now (NEWSBOT_DIGEST_CHANNEL)."""
    from index.digest import outbox

    index = obj.index(create=False)
    if discard:
        click.echo(f"{outbox.discard_pending(index)} pending article(s) marked as posted, nothing posted")
        return
    if dry_run:
        from bot.render.digests import render_digest_text

        waiting = outbox.pending(index)
        free = [p.article_id for p in waiting if p.summarized_at is None]
        held = [p.article_id for p in waiting if p.summarized_at is not None]
        click.echo(render_digest_text(outbox.digest_of(index, free), obj.settings.lang,
                                      held=outbox.digest_of(index, held) if held else None,
                                      backlog_limit=obj.settings.max_digest_articles))
        return
    from bot.serve import configure_logging
    from bot.watch import post_now

    configure_logging(obj.settings.log_level, obj.settings.log_format)
    report = post_now(obj.settings, index)
    channel = obj.settings.digest_channel
    if report.summarized:
        click.echo(f"{len(report.summarized)} article(s) summarized in one message to {channel} (more than "
                   f"NEWSBOT_MAX_DIGEST_ARTICLES={obj.settings.max_digest_articles}); `newsbot digest --dry-run` "
                   "lists them, `newsbot digest --discard` clears them")
    else:
        click.echo(f"{len(report.articles)} article(s) posted in {report.messages} message(s) to {channel}"
                   + (f"; {report.waiting} wait for the next digest" if report.waiting else ""))
    if report.error:
        raise click.ClickException(f"posting stopped: {report.error}; the articles stay pending (run again, or let "
                                   "`newsbot watch` retry)")


# ---------------------------------------------------------------------------- doctor (issue 17)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for monitoring).")
@click.pass_obj
def doctor(obj: Context, as_json: bool) -> None:
    """Check settings, the index, the disk, Slack, the feeds and the digest outbox; say how to fix
    each problem. Changes nothing. Exit status 1 when something needs fixing."""
    from bot.doctor import examine, render

    findings = examine(obj.settings, obj.db, obj.problems)
    problems = sum(f.status == "fail" for f in findings)
    if as_json:
        click.echo(json.dumps({"ok": not problems, "problems": problems, "checks": [f.to_dict() for f in findings]},
                              ensure_ascii=False))
    else:
        click.echo(render(findings))
    if problems:
        sys.exit(1)


# ---------------------------------------------------------------------------- backups (issue 17)


def _held(snapshot: Any) -> str:
    return (f"{snapshot.articles:,} articles, {snapshot.passages:,} passages, {snapshot.quotes:,} quotes, "
            f"{snapshot.pending:,} pending for the digest, schema {snapshot.schema_version}, "
            f"{snapshot.size_bytes / 1e6:,.1f} MB")


@cli.command()
@click.argument("target", metavar="FILE_OR_FOLDER", type=click.Path(path_type=str))
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_obj
@_friendly
def backup(obj: Context, target: str, force: bool, as_json: bool) -> None:
    """Copy the index to FILE (or a dated file in FOLDER) while newsbot keeps running.

    The copy is one instant of the index, even while serve, watch or an ingest write to it; it
    is checked (integrity_check, counts) before it gets its name. Restore it with
    `newsbot restore FILE`.
    """
    from index.store.backup import backup as copy

    started = time.monotonic()
    snapshot = copy(obj.db, target, overwrite=force)
    if as_json:
        click.echo(json.dumps({"backup": os.path.abspath(snapshot.path), **snapshot.to_dict(),
                               "seconds": round(time.monotonic() - started, 3)}))
        return
    click.echo(f"Backup of {obj.db} checked (integrity ok): {_held(snapshot)}, in {time.monotonic() - started:.1f} s")
    click.echo(f"→ {os.path.abspath(snapshot.path)}")


@cli.command()
@click.argument("backup_file", metavar="FILE", type=click.Path(path_type=str))
@click.option("--force", is_flag=True, help="Replace the index if one exists (stop the bot first).")
@click.pass_obj
@_friendly
def restore(obj: Context, backup_file: str, force: bool) -> None:
    """Put the index saved in FILE (by `newsbot backup`) back as the index.

    FILE is checked first: a damaged file, or one made by a newer newsbot, is refused. An
    existing index is replaced only with --force; stop the bot first (systemctl stop newsbot)
    and start it again after.
    """
    from index.store.backup import restore as put_back

    snapshot = put_back(backup_file, obj.db, force=force)
    click.echo(f"Restored {os.path.abspath(backup_file)} into {os.path.abspath(obj.db)}: {_held(snapshot)}")
    click.echo("Start the bot again if you stopped it (sudo systemctl start newsbot).")


def main() -> None:
    """Entry point of the `newsbot` command: loads `.env`, then runs the CLI."""
    load_dotenv(find_dotenv(usecwd=True))  # the .env of the directory newsbot runs in
    cli(prog_name="newsbot")


if __name__ == "__main__":
    main()
