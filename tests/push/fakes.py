"""A fake WeCom / WeChat / relay API on 127.0.0.1, answering as the documentation says
(HTTP 200 with a non-zero ``errcode`` on failure), with switches for the failures tests need."""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass
class FakeTencent:
    bot_messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    app_messages: list[dict[str, Any]] = field(default_factory=list)
    template_messages: list[dict[str, Any]] = field(default_factory=list)
    relay_messages: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    removed_keys: set[str] = field(default_factory=set)
    known_users: set[str] = field(default_factory=lambda: {"zhangsan", "lisi"})
    valid_tokens: set[str] = field(default_factory=set)
    token_requests: int = 0
    rate_limited_until: float = 0.0
    """Until then every send answers 45009."""
    enforce_per_minute: int = 0
    """When set, the robot answers 45009 beyond this many messages in 60 s (the real limit: 20)."""
    untrusted_ip: bool = False
    down: bool = False
    """Answer 503 to everything (an outage)."""
    requests_while_down: int = 0
    """Requests answered 503 because of ``down``."""
    delay_seconds: float = 0.0
    app_secret: str = "app-secret"
    mp_secret: str = "mp-secret"
    pushplus_token: str = "pp-token"
    _counter: itertools.count[int] = field(default_factory=itertools.count)
    _bot_times: list[float] = field(default_factory=list)

    def expire_tokens(self) -> None:
        self.valid_tokens.clear()

    def app(self) -> FastAPI:
        app = FastAPI()

        @app.middleware("http")
        async def outage(request: Request, call_next: Any) -> Any:
            if self.delay_seconds:
                await asyncio.sleep(self.delay_seconds)
            if self.down:
                self.requests_while_down += 1
                return JSONResponse({"detail": "down"}, status_code=503)
            return await call_next(request)

        @app.post("/cgi-bin/webhook/send")
        async def webhook(key: str, request: Request) -> dict[str, Any]:
            body = await request.json()
            if key in self.removed_keys:
                return {"errcode": 93000, "errmsg": "invalid webhook url"}
            now = time.monotonic()
            if now < self.rate_limited_until:
                return {"errcode": 45009, "errmsg": "api freq out of limit"}
            if self.enforce_per_minute:
                self._bot_times[:] = [t for t in self._bot_times if t > now - 60]
                if len(self._bot_times) >= self.enforce_per_minute:
                    return {"errcode": 45009, "errmsg": "api freq out of limit"}
                self._bot_times.append(now)
            content = body.get(body.get("msgtype"), {}).get("content", "")
            limit = 2048 if body.get("msgtype") == "text" else 4096
            if len(content.encode()) > limit:
                return {"errcode": 40058, "errmsg": "content exceed max length"}
            self.bot_messages.setdefault(key, []).append(body)
            return {"errcode": 0, "errmsg": "ok"}

        @app.get("/cgi-bin/gettoken")
        async def gettoken(corpid: str, corpsecret: str) -> dict[str, Any]:
            if corpsecret != self.app_secret:
                return {"errcode": 40001, "errmsg": "invalid credential"}
            return self._token()

        @app.post("/cgi-bin/stable_token")
        async def stable_token(request: Request) -> dict[str, Any]:
            body = await request.json()
            if body.get("grant_type") != "client_credential" or body.get("secret") != self.mp_secret:
                return {"errcode": 40125, "errmsg": "invalid appsecret"}
            return self._token()

        @app.post("/cgi-bin/message/send")
        async def app_send(access_token: str, request: Request) -> dict[str, Any]:
            body = await request.json()
            if access_token not in self.valid_tokens:
                return {"errcode": 42001, "errmsg": "access_token expired"}
            if self.untrusted_ip:
                return {"errcode": 60020, "errmsg": "not allow to access from your ip"}
            users = [u for u in body.get("touser", "").split("|") if u]
            invalid = [u for u in users if u not in self.known_users and u != "@all"]
            if users and len(invalid) == len(users):
                return {"errcode": 81013, "errmsg": "user & party & tag all invalid"}
            self.app_messages.append(body)
            answer = {"errcode": 0, "errmsg": "ok", "msgid": f"m{next(self._counter)}"}
            if invalid:
                answer["invaliduser"] = "|".join(invalid)
            return answer

        @app.post("/cgi-bin/message/template/send")
        async def template_send(access_token: str, request: Request) -> dict[str, Any]:
            body = await request.json()
            if access_token not in self.valid_tokens:
                return {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid"}
            if not str(body.get("touser", "")).startswith("o"):
                return {"errcode": 40003, "errmsg": "invalid openid"}
            self.template_messages.append(body)
            return {"errcode": 0, "errmsg": "ok", "msgid": next(self._counter)}

        @app.post("/{sendkey}.send")
        async def serverchan(sendkey: str, request: Request) -> dict[str, Any]:
            self.relay_messages.append(("serverchan", await request.json()))
            return {
                "code": 0,
                "message": "",
                "data": {"pushid": "1", "readkey": "r", "error": "SUCCESS", "errno": 0},
            }

        @app.post("/send")
        async def pushplus(request: Request) -> dict[str, Any]:
            body = await request.json()
            if body.get("token") != self.pushplus_token:
                return {"code": 903, "msg": "无效的用户令牌", "data": None}
            self.relay_messages.append(("pushplus", body))
            return {"code": 200, "msg": "请求成功", "data": "abc"}

        @app.post("/api/send/message")
        async def wxpusher(request: Request) -> dict[str, Any]:
            body = await request.json()
            self.relay_messages.append(("wxpusher", body))
            data = [
                {"uid": uid, "code": 1000, "status": "创建发送任务成功", "messageId": 1}
                for uid in body["uids"]
            ]
            return {"code": 1000, "msg": "处理成功", "data": data, "success": True}

        return app

    def _token(self) -> dict[str, Any]:
        self.token_requests += 1
        token = f"token-{next(self._counter)}"
        self.valid_tokens.add(token)
        return {"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200}
