"""Socket Mode end to end: the app connects out to a local WebSocket, acks a command, answers it.

`apps.connections.open` (on the fake Web API, so SLACK_API_URL applies) hands out the URL of a
minimal WebSocket server below; slack-sdk's built-in client connects to it without TLS because
its port is not 443.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt.adapter.socket_mode import SocketModeHandler

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
    """Accepts one connection, sends the queued envelopes, records the client's text frames."""

    def __init__(self, envelopes: list[dict[str, Any]]) -> None:
        self.envelopes = envelopes
        self.received: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self.conn: socket.socket | None = None
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
