"""Socket Mode end to end: the app connects out to a local WebSocket, acks a command, answers it.

`apps.connections.open` (on the fake Web API, so SLACK_API_URL applies) hands out the URL of a
minimal WebSocket server below; slack-sdk's built-in client connects to it without TLS because
its port is not 443.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import socket
import struct
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.serve import connect_socket_mode

KREMLIN = "qui a dit que le Kremlin a pris le Bélarus en otage nucléaire ?"
WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def read_frame(conn: socket.socket) -> tuple[int, bytes]:
    """One frame from the client (clients mask their frames): (opcode, payload)."""

    def exactly(n: int) -> bytes:
        data = b""
        while len(data) < n:
            chunk = conn.recv(n - len(data))
            if not chunk:
                raise ConnectionError("closed")
            data += chunk
        return data

    first, second = exactly(2)
    length = second & 0x7F
    if length == 126:
        length = struct.unpack("!H", exactly(2))[0]
    elif length == 127:
        length = struct.unpack("!Q", exactly(8))[0]
    mask = exactly(4) if second & 0x80 else b"\0\0\0\0"
    payload = bytes(b ^ mask[i % 4] for i, b in enumerate(exactly(length)))
    return first & 0x0F, payload


def text_frame(data: dict[str, Any]) -> bytes:
    payload = json.dumps(data).encode()
    size = bytes([len(payload)]) if len(payload) < 126 else bytes([126]) + struct.pack("!H", len(payload))
    return bytes([0x81]) + size + payload  # FIN + text; servers do not mask


class WebSocketServer:
    """Accepts one connection, sends the queued envelopes, records the client's text frames.

    With `hello=False`, Slack's hello waits for `send_hello()` (after `handshaken` is set)."""

    def __init__(self, envelopes: list[dict[str, Any]], hello: bool = True) -> None:
        self.envelopes = envelopes
        self.received: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self.conn: socket.socket | None = None
        self.handshaken = threading.Event()
        self._hello = threading.Event()
        if hello:
            self._hello.set()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link/?ticket=test"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        self.conn = conn
        request = b""
        while b"\r\n\r\n" not in request:
            request += conn.recv(4096)
        key = next(line.split(":", 1)[1].strip() for line in request.decode().split("\r\n")
                   if line.lower().startswith("sec-websocket-key"))
        accept = base64.b64encode(hashlib.sha1((key + WEBSOCKET_GUID).encode()).digest()).decode()
        conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        self.handshaken.set()
        self._hello.wait(30)
        conn.sendall(text_frame({"type": "hello", "num_connections": 1}))
        for envelope in self.envelopes:
            conn.sendall(text_frame(envelope))
        try:
            while True:
                opcode, payload = read_frame(conn)
                if opcode == 0x1:
                    with self._changed:
                        self.received.append(json.loads(payload))
                        self._changed.notify_all()
                elif opcode == 0x9:  # ping → pong
                    conn.sendall(bytes([0x8A, len(payload)]) + payload)
                elif opcode == 0x8:
                    break
        except (ConnectionError, OSError):
            pass
        conn.close()

    def send_hello(self) -> None:
        self._hello.set()

    def wait(self, timeout: float = 10.0) -> list[dict[str, Any]]:
        """The client's frames, once there is one (after `timeout` s, a hang guard: none)."""
        with self._changed:
            self._changed.wait_for(lambda: self.received, timeout)
            return list(self.received)

    def close(self) -> None:
        """Hang up, as Slack does when it moves a connection: the client's read returns at once
        (closing from the client side first waits for its read to time out, 3 s)."""
        if self.conn is not None:
            self.conn.shutdown(socket.SHUT_RDWR)
        self.listener.close()


@pytest.fixture
def socket_mode(make_app, seeded_index, fake_slack) -> Iterator[WebSocketServer]:
    command = {"token": "legacy", "team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": "/ask",
               "text": KREMLIN, "response_url": fake_slack.response_url("socket"), "trigger_id": "1.2.3",
               "api_app_id": "A1"}
    server = WebSocketServer([{"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
                               "payload": command}])
    fake_slack.fail("/api/apps.connections.open", 200, body={"ok": True, "url": server.url})
    app = make_app(seeded_index, background=True)
    handler = SocketModeHandler(app, "xapp-1-test")
    handler.connect()
    yield server
    server.close()
    handler.close()


def test_command_over_socket_mode_is_acked_and_answered(socket_mode, fake_slack):
    [ack] = socket_mode.wait()
    assert ack["envelope_id"] == "env-1"
    [answer] = fake_slack.wait("/respond/socket")
    assert answer.body["response_type"] == "ephemeral" and "Danilov" in answer.body["text"]
    [opened] = fake_slack.api("apps.connections.open")
    assert opened.headers["Authorization"] == "Bearer xapp-1-test"


# ---------------------------------------------------------------------------- start-up that tells the truth


def sdk_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What slack_sdk and slack_bolt logged at WARNING or above (an admin would see it)."""
    return [r.getMessage() for r in caplog.records
            if r.name.startswith(("slack_sdk", "slack_bolt")) and r.levelno >= logging.WARNING]


def test_connected_is_said_only_once_slack_says_hello(make_app, seeded_index, fake_slack, log_lines, caplog):
    server = WebSocketServer([], hello=False)
    fake_slack.fail("/api/apps.connections.open", 200, body={"ok": True, "url": server.url})
    stop = threading.Event()
    handler, _ = connect_socket_mode(make_app(seeded_index, background=True), "xapp-1-test", retry=0.2, stop=stop)
    try:
        assert server.handshaken.wait(10)
        assert not [line for line in log_lines.lines if "Socket Mode: connected" in line]  # no hello yet
        server.send_hello()
        log_lines.wait("Socket Mode: connected, answering /ask")
    finally:
        stop.set()
        server.close()
        handler.close()


def test_cannot_connect_is_said_plainly_once_and_newsbot_keeps_trying(make_app, seeded_index, fake_slack, log_lines,
                                                                     caplog):
    """Issue 16: a failing connection logged "connected" anyway, then slack_sdk's errors every 10 s."""
    caplog.set_level(logging.DEBUG)
    closed = socket.create_server(("127.0.0.1", 0))
    refused = f"ws://127.0.0.1:{closed.getsockname()[1]}/link/?ticket=refused"
    closed.close()  # nothing listens there: the WebSocket connection is refused
    server = WebSocketServer([])
    fake_slack.fail("/api/apps.connections.open", 200, times=3, body={"ok": True, "url": refused})
    fake_slack.fail("/api/apps.connections.open", 200, times=5, body={"ok": True, "url": server.url})
    stop = threading.Event()
    handler, _ = connect_socket_mode(make_app(seeded_index, background=True), "xapp-1-test", retry=0.2, stop=stop)
    try:
        [warning] = log_lines.wait("Socket Mode: cannot connect to Slack")
        assert "keeps trying every 0.2 s" in warning and "wss-primary.slack.com:443" in warning
        log_lines.wait("Socket Mode: connected, answering")  # the fourth attempt gets Slack's hello
        assert len([line for line in log_lines.lines if "cannot connect" in line]) == 1  # said once
        assert sdk_warnings(caplog) == []  # slack_sdk's own errors went to DEBUG
    finally:
        stop.set()
        server.close()
        handler.close()


def test_no_warning_an_admin_cannot_act_on(make_app, seeded_index, monkeypatch, caplog):
    """Bolt warned "As you gave `client` as well, `token` will be unused" when SLACK_BOT_TOKEN was
    set (as in every install): newsbot gives the client that very token."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    caplog.set_level(logging.DEBUG)
    make_app(seeded_index)
    assert sdk_warnings(caplog) == []
