"""Headless Chromium, driven through the DevTools protocol, for pages a person clicks through.

Debian's `chromium` runs with everything that would reach the network
switched off; it only ever loads pages served on 127.0.0.1. The protocol
goes over the browser's own WebSocket (aiohttp's client, already installed
for Discord), so nothing is downloaded at run time.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp

BINARY = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
TIMEOUT = 20.0


def dump_dom(url: str, profile: Path) -> str:
    """The page's DOM after it loaded, as Chromium's --dump-dom prints it."""
    assert BINARY, "no chromium binary"
    done = subprocess.run([BINARY, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
                          capture_output=True, text=True, timeout=TIMEOUT, check=True)
    return done.stdout


class Tab:
    """One page in a running Chromium: navigate, click like a mouse, read what shows."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse, ids: Iterator[int],
                 session: str | None = None) -> None:
        """`session` None speaks to the browser itself; `ids` are shared on one socket."""
        self._ws, self._ids, self._session = ws, ids, session
        self._events: list[dict[str, Any]] = []

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self._ids)
        message: dict[str, Any] = {"id": ident, "method": method, "params": params}
        if self._session:
            message["sessionId"] = self._session
        await self._ws.send_str(json.dumps(message))
        while True:
            message = json.loads((await self._ws.receive(timeout=TIMEOUT)).data)
            if message.get("id") == ident:
                assert "error" not in message, message
                result: dict[str, Any] = message.get("result", {})
                return result
            self._events.append(message)

    async def loaded(self) -> None:
        """Wait for the next page load to finish (every redirect on the way included)."""
        while True:
            for event in self._events:
                if event.get("method") == "Page.loadEventFired":
                    self._events.clear()
                    return
            self._events.clear()
            message = json.loads((await self._ws.receive(timeout=TIMEOUT)).data)
            self._events.append(message)

    async def value(self, expression: str) -> Any:
        found = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return found["result"].get("value")

    async def click(self, selector: str) -> None:
        """Press and release the mouse in the middle of the element, as a person would."""
        box = await self.value(
            f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
            ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1],
                            button="left", clickCount=1)


class Chromium:
    """A headless Chromium with a DevTools port on 127.0.0.1; `async with` to use it."""

    def __init__(self, profile: Path) -> None:
        self._profile = profile
        self._process: subprocess.Popen[bytes] | None = None
        self._http: aiohttp.ClientSession | None = None
        self._ws: aiohttp.ClientWebSocketResponse | None = None
        self._ids = itertools.count(1)

    async def __aenter__(self) -> Chromium:
        assert BINARY, "no chromium binary"
        self._process = subprocess.Popen(
            [BINARY, *FLAGS, f"--user-data-dir={self._profile}", "--remote-debugging-port=0",
             "--remote-debugging-address=127.0.0.1", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = self._profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while not (port_file.exists() and len(port_file.read_text().split()) >= 2):
            assert self._process.poll() is None, "chromium exited at start"
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            await asyncio.sleep(0.05)
        port, path = port_file.read_text().split()[:2]
        self._http = aiohttp.ClientSession()
        self._ws = await self._http.ws_connect(f"ws://127.0.0.1:{port}{path}", max_msg_size=0)
        return self

    async def tab(self) -> Tab:
        assert self._ws is not None
        browser = Tab(self._ws, self._ids)
        target = await browser.call("Target.createTarget", url="about:blank")
        attached = await browser.call("Target.attachToTarget", targetId=target["targetId"],
                                      flatten=True)
        tab = Tab(self._ws, self._ids, attached["sessionId"])
        await tab.call("Page.enable")
        return tab

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._http is not None:
            await self._http.close()
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()

