"""A fake QWeather API host on 127.0.0.1, answering as its documentation shows (numbers as strings,
times with their offset), gzip-compressed, with both error formats.

Authentication is checked as documented: the ``X-QW-Api-Key`` header, or ``Authorization: Bearer`` with
an EdDSA JWT (``kid`` = the credential id, ``sub`` = the project id, ``iat``/``exp``) verified with the
public key. Failures answer in the new form (HTTP 401/403/429 with ``{"error": {...}}``) or, with
``legacy_errors``, the old one (HTTP 200 and a string ``code``).
"""

from __future__ import annotations

import base64
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import FastAPI, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse

CITIES = {
    "101020100": {"zh": "上海", "en": "Shanghai", "lat": "31.23171", "lon": "121.47264", "adm1": "上海市",
                  "country": "中国", "tz": "Asia/Shanghai", "rank": "11"},
    "101010300": {"zh": "朝阳", "en": "Chaoyang", "lat": "39.92148", "lon": "116.48641", "adm1": "北京市",
                  "country": "中国", "tz": "Asia/Shanghai", "rank": "15"},
    "101071201": {"zh": "朝阳", "en": "Chaoyang", "lat": "41.57675", "lon": "120.45080", "adm1": "辽宁省",
                  "country": "中国", "tz": "Asia/Shanghai", "rank": "23"},
}  # fmt: skip


@dataclass
class FakeQWeather:
    api_key: str = "qw-key"
    project_id: str = "PROJ123"
    key_id: str = "KID456"
    public_key: Ed25519PublicKey | None = None
    today: date = date(2026, 12, 3)
    plan_days: int = 7
    """3: the plan has no 7-day forecast (/v7/weather/7d answers 403)."""
    legacy_errors: bool = False
    fail_code: str = ""
    """Answer every request with this error ("401", "403", "429", "500")."""
    air_code: str = "200"
    """"204": no air quality for the place."""
    requests: Counter[str] = field(default_factory=Counter)
    gzipped: int = 0
    """Answers sent gzip-compressed."""
    tokens_seen: set[str] = field(default_factory=set)

    def app(self) -> FastAPI:
        app = FastAPI()
        app.add_middleware(GZipMiddleware, minimum_size=0)

        @app.middleware("http")
        async def check(request: Request, call_next: Any) -> Any:
            self.requests[request.url.path] += 1
            problem = self.fail_code or self._auth_problem(request)
            if problem:
                return self._error(problem)
            answer = await call_next(request)
            if "gzip" in request.headers.get("accept-encoding", ""):
                self.gzipped += 1
            return answer

        @app.get("/geo/v2/city/lookup")
        async def lookup(location: str, lang: str = "zh", number: int = 10) -> Any:
            wanted = location.strip().lower()
            if "," in wanted:  # lon,lat
                lon, lat = (float(part) for part in wanted.split(","))
                found = [k for k, c in CITIES.items() if abs(float(c["lat"]) - lat) < 0.1
                         and abs(float(c["lon"]) - lon) < 0.1]  # fmt: skip
            else:
                found = [k for k, c in CITIES.items() if wanted in (c["zh"], c["en"].lower())]
            if not found:
                return {"code": "404"}  # as documented for a lookup without a match
            return {"code": "200", "location": [self._city(k, lang) for k in found[:number]], "refer": {}}

        @app.get("/v7/weather/now")
        async def now(location: str) -> Any:
            if location not in CITIES:
                return {"code": "404"}
            return {"code": "200", "updateTime": f"{self.today}T09:35+08:00", "fxLink": "", "now": {
                "obsTime": f"{self.today}T09:30+08:00", "temp": "12", "feelsLike": "10", "icon": "104",
                "text": "阴", "windSpeed": "9", "humidity": "65", "precip": "0.0"}}  # fmt: skip

        @app.get("/v7/weather/{span}")
        async def daily(span: str, location: str) -> Any:
            if span == "24h":
                return self._hourly()
            count = {"3d": 3, "7d": 7}.get(span)
            if count is None:
                return {"code": "404"}
            if count > self.plan_days:
                return self._error("403")
            return {"code": "200", "updateTime": f"{self.today}T09:35+08:00", "daily": [
                self._day(offset) for offset in range(count)]}  # fmt: skip

        @app.get("/v7/air/now")
        async def air(location: str) -> Any:
            if self.air_code != "200":
                return {"code": self.air_code}
            return {"code": "200", "now": {"pubTime": f"{self.today}T09:00+08:00", "aqi": "78", "level": "2",
                                           "category": "良", "pm2p5": "45"}}  # fmt: skip

        @app.get("/v7/warning/now")
        async def warning(location: str) -> Any:
            return {"code": "200", "warning": [{"id": "1", "title": "上海中心气象台发布大风蓝色预警",
                                                "severity": "Minor", "text": "..."}]}  # fmt: skip

        return app

    def _city(self, key: str, lang: str) -> dict[str, str]:
        city = CITIES[key]
        name = city["zh" if lang == "zh" else "en"]
        return {"name": name, "id": key, "lat": city["lat"], "lon": city["lon"],
                "adm2": city["zh"], "adm1": city["adm1"], "country": city["country"], "tz": city["tz"],
                "utcOffset": "+08:00", "isDst": "0", "type": "city", "rank": city["rank"]}  # fmt: skip

    def _day(self, offset: int) -> dict[str, str]:
        day = self.today + timedelta(days=offset)
        icon = ("305", "306", "100", "101", "104", "400", "100")[offset]
        return {"fxDate": str(day), "sunrise": "06:41", "sunset": "16:53", "tempMax": str(14 - offset),
                "tempMin": str(8 - offset), "iconDay": icon, "textDay": "", "iconNight": "150",
                "windSpeedDay": "16", "windSpeedNight": "24", "humidity": "70", "precip": "1.0",
                "uvIndex": "2"}  # fmt: skip

    def _hourly(self) -> dict[str, Any]:
        hours = []
        for index in range(24):
            hour = 10 + index
            day = self.today + timedelta(days=hour // 24)
            pop = "70" if day != self.today and 8 <= hour % 24 <= 12 else "10"
            hours.append(
                {"fxTime": f"{day}T{hour % 24:02d}:00+08:00", "temp": "10", "icon": "305", "pop": pop}
            )
        return {"code": "200", "hourly": hours}

    def _auth_problem(self, request: Request) -> str:
        if request.headers.get("x-qw-api-key") == self.api_key:
            return ""
        bearer = request.headers.get("authorization", "")
        if bearer.startswith("Bearer ") and self.public_key is not None:
            return "" if self._valid_jwt(bearer.removeprefix("Bearer ")) else "401"
        return "401"

    def _valid_jwt(self, token: str) -> bool:
        try:
            header_b64, payload_b64, signature_b64 = token.split(".")
            header, payload = json.loads(_unb64(header_b64)), json.loads(_unb64(payload_b64))
            assert self.public_key is not None
            self.public_key.verify(_unb64(signature_b64), f"{header_b64}.{payload_b64}".encode())
        except (ValueError, InvalidSignature):
            return False
        now = time.time()
        self.tokens_seen.add(token)
        return (
            header == {"alg": "EdDSA", "kid": self.key_id}
            and payload.get("sub") == self.project_id
            and payload["iat"] <= now < payload["exp"]
        )

    def _error(self, code: str) -> JSONResponse:
        if self.legacy_errors:
            return JSONResponse({"code": code})
        titles = {
            "401": "Unauthorized",
            "403": "Forbidden",
            "429": "Too Many Requests",
            "500": "Unknown Error",
        }
        body = {"error": {"status": int(code), "type": f"https://dev.qweather.com/docs/resource/error-code/#{code}",
                          "title": titles.get(code, "Error"), "detail": f"error {code}"}}  # fmt: skip
        return JSONResponse(body, status_code=int(code))


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
