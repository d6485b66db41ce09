"""GET /metrics (NEWSBOT_METRICS=1) and NEWSBOT_LOG_FORMAT=json, as a monitoring system reads them.

In process: the real app behind the production HTTP server answers signed requests, then
/metrics is scraped over HTTP and parsed with prometheus_client's own parser: requests by surface
and outcome, the latency histogram, what the index holds, the outbox; the watcher counts the
articles and quotations it indexes from the inbox and the webhook, and the feed errors. Then
`newsbot serve` itself, in a child process with JSON logs: every line it prints is one JSON object
with the text format's fields, and neither the log nor /metrics holds a question or a token.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families
from slack_sdk import WebClient

from bot.app import create_app
from bot.metrics import Metrics
from bot.serve import http_server
from bot.watch import Watcher, webhook_server
from tests.bot.conftest import BOT_TOKEN, KREMLIN, SIGNING_SECRET
from tests.bot.test_secrets import child_env, free_port, newsbot_child, request, wait_until_up
from tests.fake_site import stop_serving

QUESTION_WORDS = ("Kremlin", "Bélarus", "otage", "zorglubistan")


def scrape(url: str) -> tuple[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    """The /metrics page and its samples by (name, sorted labels)."""
    status, body = request(url + "/metrics")
    assert status == 200
    text = body.decode("utf-8")
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    return text, samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples[(name, tuple(sorted(labels.items())))]


def serving(server) -> tuple[str, threading.Thread]:  # noqa: ANN001 — a waitress server
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.effective_port}", thread


def test_metrics_count_requests_by_surface_and_outcome_and_read_the_index(seeded_index, fake_slack, payloads,
                                                                           settings, log_lines):
    metrics = Metrics()
    config = settings(metrics=True)
    app = create_app(config, seeded_index, client=WebClient(base_url=fake_slack.api_url), metrics=metrics)
    server = http_server(config, app, seeded_index, host="127.0.0.1", port=0, metrics=metrics)
    url, thread = serving(server)
    try:
        def send(signed) -> None:  # noqa: ANN001
            assert request(url + "/slack/events", signed.body.encode(), signed.headers)[0] == 200

        send(payloads.command(KREMLIN, response_url=fake_slack.response_url("a")))
        send(payloads.command("zorglubistan", response_url=fake_slack.response_url("b")))
        send(payloads.mention(f"<@UBOT> {KREMLIN}", event_id="EvM1"))
        send(payloads.mention(f"<@UBOT> {KREMLIN}", event_id="EvM1"))  # Slack redelivers it
        log_lines.wait("surface=", count=3)  # each request's line comes once it is counted
        log_lines.wait("outcome=duplicate")
        text, samples = scrape(url)
    finally:
        stop_serving(server, thread)

    assert value(samples, "newsbot_requests_total", surface="command", outcome="ok") == 1
    assert value(samples, "newsbot_requests_total", surface="command", outcome="no_match") == 1
    assert value(samples, "newsbot_requests_total", surface="mention", outcome="ok") == 1
    assert value(samples, "newsbot_requests_total", surface="event", outcome="duplicate") == 1
    assert value(samples, "newsbot_answer_seconds_count", surface="command") == 2
    assert value(samples, "newsbot_answer_seconds_bucket", surface="command", le="+Inf") == 2
    assert value(samples, "newsbot_answer_seconds_sum", surface="command") > 0
    assert value(samples, "newsbot_index_up") == 1
    assert value(samples, "newsbot_index_articles") == 3
    assert value(samples, "newsbot_index_passages") == seeded_index.counts()["passages"] > 0
    assert value(samples, "newsbot_index_quotes") == seeded_index.counts()["quotes"] > 0
    assert value(samples, "newsbot_outbox_pending") == 3  # the seeds wait for a digest channel
    assert value(samples, "newsbot_outbox_oldest_pending_age_seconds") > 0
    assert value(samples, "newsbot_outbox_failing") == 0
    assert value(samples, "newsbot_feeds_failing") == 0
    assert value(samples, "newsbot_index_size_bytes") > 0
    assert "# TYPE newsbot_answer_seconds histogram" in text
    assert not [w for w in (*QUESTION_WORDS, BOT_TOKEN, SIGNING_SECRET, "xoxb", "C1", "U1") if w in text]


def test_no_metrics_unless_asked(server_url):
    assert request(server_url + "/metrics")[0] == 404


def test_an_unreadable_index_is_index_up_0_and_the_scrape_still_answers(seeded_index, settings):
    metrics = Metrics()
    server = webhook_server(settings(), seeded_index, lambda ids: None, host="127.0.0.1", port=0, metrics=metrics)
    url, thread = serving(server)
    try:
        seeded_index.path.unlink()
        _, samples = scrape(url)
    finally:
        stop_serving(server, thread)
    assert value(samples, "newsbot_index_up") == 0
    assert ("newsbot_index_articles", ()) not in samples


def test_the_watcher_counts_articles_quotes_and_feed_errors(tmp_path: Path, empty_index, settings, log_lines):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    config = settings(inbox=str(inbox), inbox_poll=0.05, feeds=("http://127.0.0.1:9/feed.xml",), feed_interval=3600,
                      fetch_timeout=2, ingest_token="T0K3N", metrics=True)
    metrics = Metrics()
    watcher = Watcher(config, empty_index, client=None, metrics=metrics)
    server = webhook_server(config, empty_index, watcher.notify, host="127.0.0.1", port=0, metrics=metrics)
    url, thread = serving(server)
    watcher.start()
    try:
        (inbox / "une.json").write_text(json.dumps({
            "id": "inbox-1", "title": "Le maire répond", "text": "« Nous tiendrons le calendrier », a déclaré Anne Hidalgo."
        }, ensure_ascii=False), encoding="utf-8")
        log_lines.wait("inbox: 1 file(s) indexed")
        log_lines.wait("feed http://127.0.0.1:9/feed.xml: cannot reach it")
        body = json.dumps({"id": "web-1", "title": "Par le webhook", "text": "Un article venu du CMS."}).encode()
        status, _ = request(url + "/ingest", body, {"Authorization": "Bearer T0K3N", "Content-Type": "application/json"})
        assert status == 200
        _, samples = scrape(url)
    finally:
        watcher.stop()
        stop_serving(server, thread)
    assert value(samples, "newsbot_articles_ingested_total", source="inbox") == 1
    assert value(samples, "newsbot_articles_ingested_total", source="webhook") == 1
    assert value(samples, "newsbot_quotes_extracted_total") == empty_index.counts()["quotes"] == 1
    assert value(samples, "newsbot_feed_errors_total", kind="feed") == 1
    assert value(samples, "newsbot_feed_errors_total", kind="item") == 0
    assert value(samples, "newsbot_feeds_failing") == 1
    assert value(samples, "newsbot_index_articles") == 2


def test_serve_logs_one_json_object_per_line_and_serves_metrics(tmp_path, seeded_index, index_path, fake_slack,
                                                                payloads):
    port = free_port()
    env = child_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.api_url,
                    PORT=str(port), NEWSBOT_DB=str(index_path), NEWSBOT_LOG_FORMAT="json", NEWSBOT_METRICS="1")
    bot = newsbot_child(["serve"], env, tmp_path)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url + "/healthz", bot.process)
        command = payloads.command(KREMLIN)
        assert request(url + "/slack/events", command.body.encode(), command.headers)[0] == 200
        fake_slack.wait("/respond/cmd")
        bot.wait_for('"surface": "command"')
        text, samples = scrape(url)
    finally:
        output = bot.stop()
    assert value(samples, "newsbot_requests_total", surface="command", outcome="ok") == 1
    lines = [json.loads(line) for line in output.splitlines()]  # every line is one JSON object
    assert lines and all({"time", "level", "logger", "message"} <= line.keys() for line in lines)
    [answered] = [line for line in lines if line.get("surface") == "command"]
    assert answered["outcome"] == "ok" and answered["logger"] == "newsbot.slack" and answered["level"] == "INFO"
    assert answered["question_chars"] == len(KREMLIN) and answered["latency_ms"] >= 0
    assert answered["message"].startswith("surface=command outcome=ok")  # the same words as the text format
    assert any("HTTP mode: listening" in line["message"] and "metrics: /metrics" in line["message"] for line in lines)
    for where in (output, text):
        assert not [w for w in (*QUESTION_WORDS, BOT_TOKEN, SIGNING_SECRET) if w in where]


def test_serve_stops_cleanly_on_sigterm_as_systemctl_stop_sends_it(tmp_path, index_path, fake_slack):
    """deploy/newsbot.service stops `newsbot serve` with SIGTERM: it stops as on Ctrl-C (its
    watcher stopped, "stopped" logged, exit status 0), not killed halfway through a digest."""
    import signal

    port = free_port()
    env = child_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake_slack.api_url,
                    PORT=str(port), NEWSBOT_DB=str(index_path))
    bot = newsbot_child(["serve"], env, tmp_path)
    wait_until_up(f"http://127.0.0.1:{port}/healthz", bot.process)
    output = bot.stop(signal.SIGTERM)
    assert bot.process.returncode == 0, output
    assert "stopped" in output and "Traceback" not in output
    assert len(fake_slack.api("auth.test")) == 1  # the token checked once at start, not again by Bolt
