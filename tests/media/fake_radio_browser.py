"""A radio-browser.info server on loopback, as its API documents it: ``/json/stations/search`` (name and tag
substring matches, ``countrycode``, ``hidebroken``, ``order=clickcount``, ``reverse``, ``limit``),
``/json/url/<stationuuid>`` (counts a click; ``ok: false`` for an unknown station) and ``/json/servers``.
It records every request (path, query, User-Agent) and can be told to fail (an HTTP status, or a body
that is not JSON) to stand in for a server that is down or broken."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class FakeStation:
    uuid: str
    name: str
    url: str
    tags: str = ""
    countrycode: str = ""
    clickcount: int = 0
    lastcheckok: int = 1

    def json(self) -> dict[str, Any]:
        return {
            "changeuuid": "00000000-0000-0000-0000-000000000000",
            "stationuuid": self.uuid,
            "name": self.name,
            "url": self.url,
            "url_resolved": self.url,
            "homepage": "",
            "favicon": "",
            "tags": self.tags,
            "country": "",
            "countrycode": self.countrycode,
            "language": "",
            "votes": 0,
            "codec": "MP3",
            "bitrate": 128,
            "lastcheckok": self.lastcheckok,
            "clickcount": self.clickcount,
            "clicktrend": 0,
        }


@dataclass
class Request:
    path: str
    query: dict[str, str]
    user_agent: str


@dataclass
class FakeRadioBrowser:
    stations: list[FakeStation]
    requests: list[Request] = field(default_factory=list)
    fail_status: int | None = None
    """Answer every request with this HTTP status (503: down for maintenance, 429: too many requests)."""
    broken_body: bytes | None = None
    """Answer every request 200 with this body (not JSON, or JSON of the wrong shape)."""
    url: str = ""

    def search(self, query: dict[str, str]) -> list[dict[str, Any]]:
        found = list(self.stations)
        if "name" in query:
            found = [s for s in found if query["name"].lower() in s.name.lower()]
        if "tag" in query:
            found = [s for s in found if any(query["tag"].lower() in t for t in s.tags.lower().split(","))]
        if "countrycode" in query:
            found = [s for s in found if s.countrycode == query["countrycode"].upper()]
        if query.get("hidebroken") == "true":
            found = [s for s in found if s.lastcheckok == 1]
        if query.get("order") == "clickcount":
            found.sort(key=lambda s: s.clickcount, reverse=query.get("reverse") == "true")
        return [s.json() for s in found[: int(query.get("limit", "100000"))]]

    def click(self, uuid: str) -> dict[str, Any]:
        for station in self.stations:
            if station.uuid == uuid:
                station.clickcount += 1
                return {
                    "ok": True,
                    "message": "retrieved station url",
                    "stationuuid": uuid,
                    "name": station.name,
                    "url": station.url,
                }
        return {"ok": False, "message": "did not find station with matching uuid", "stationuuid": "",
                "name": "", "url": ""}  # fmt: skip

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, bytes]:
        if self.fail_status is not None:
            return self.fail_status, b"<html>unavailable</html>"
        if self.broken_body is not None:
            return 200, self.broken_body
        if path == "/json/stations/search":
            return 200, json.dumps(self.search(query)).encode()
        if path.startswith("/json/url/"):
            return 200, json.dumps(self.click(path.removeprefix("/json/url/"))).encode()
        if path == "/json/servers":
            return 200, json.dumps([{"ip": "127.0.0.1", "name": "localhost"}]).encode()
        return 404, b"not found"


@contextmanager
def running(fake: FakeRadioBrowser) -> Iterator[FakeRadioBrowser]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
            fake.requests.append(Request(parts.path, query, self.headers.get("User-Agent", "")))
            status, body = fake.answer(parts.path, query)
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield fake
    finally:
        httpd.shutdown()
        httpd.server_close()
