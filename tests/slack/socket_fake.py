"""Slack's Socket Mode end on 127.0.0.1: a one-connection ws:// server speaking RFC 6455.

Just enough WebSocket for slack_sdk's built-in client: the upgrade handshake,
unmasked text frames out (envelopes), masked frames in (acks, pings), pongs
back. FakeSlack's apps.connections.open hands its URL to `rebound slack`.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
from typing import Any

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


class FakeSocketMode:
    """Accepts the app's connection, sends it envelopes and keeps the acks it returns."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self._conn: socket.socket | None = None
        self._changed = threading.Condition()
        self.acks: list[dict[str, Any]] = []
        self._thread = threading.Thread(target=self._serve, daemon=True, name="fake-socket")
        self._thread.start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.getsockname()[1]}/link/?ticket=test"

    def send(self, envelope: dict[str, Any], timeout: float = 20.0) -> None:
        """Send one envelope once the app is connected."""
        with self._changed:
            if not self._changed.wait_for(lambda: self._conn is not None, timeout):
                raise AssertionError("the app never connected over Socket Mode")
            conn = self._conn
        assert conn is not None
        self._frame(conn, TEXT, json.dumps(envelope).encode())

    def ack_for(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The app's ack of `envelope_id`, waiting for it."""
        def found() -> dict[str, Any] | None:
            return next((a for a in self.acks if a.get("envelope_id") == envelope_id), None)

        with self._changed:
            if not self._changed.wait_for(lambda: found() is not None, timeout):
                raise AssertionError(f"no ack for {envelope_id}: {self.acks}")
            ack = found()
        assert ack is not None
        return ack

    def close(self) -> None:
        self._server.close()
        if self._conn is not None:
            self._conn.close()

    # -- the wire --------------------------------------------------------------

    def _serve(self) -> None:
        try:
            conn, _ = self._server.accept()
        except OSError:
            return
        request = b""
        while b"\r\n\r\n" not in request:
            request += conn.recv(4096)
        key = next(line.split(":", 1)[1].strip() for line in request.decode().split("\r\n")
                   if line.lower().startswith("sec-websocket-key:"))
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                      f"Connection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        with self._changed:
            self._conn = conn
            self._changed.notify_all()
        try:
            self._read(conn)
        except OSError:
            return

    def _read(self, conn: socket.socket) -> None:
        while True:
            head = self._exactly(conn, 2)
            opcode, length = head[0] & 0x0F, head[1] & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._exactly(conn, 2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._exactly(conn, 8))[0]
            mask = self._exactly(conn, 4) if head[1] & 0x80 else b"\0\0\0\0"
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(self._exactly(conn, length)))
            if opcode == PING:
                self._frame(conn, PONG, payload)
            elif opcode == CLOSE:
                return
            elif opcode == TEXT:
                with self._changed:
                    self.acks.append(json.loads(payload))
                    self._changed.notify_all()

    @staticmethod
    def _exactly(conn: socket.socket, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = conn.recv(size - len(data))
            if not chunk:
                raise OSError("closed")
            data += chunk
        return data

    @staticmethod
    def _frame(conn: socket.socket, opcode: int, payload: bytes) -> None:
        size = len(payload)
        if size < 126:
            head = struct.pack("!BB", 0x80 | opcode, size)
        elif size < 1 << 16:
            head = struct.pack("!BBH", 0x80 | opcode, 126, size)
        else:
            head = struct.pack("!BBQ", 0x80 | opcode, 127, size)
        conn.sendall(head + payload)

