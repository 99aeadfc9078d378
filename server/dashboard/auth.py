"""Who may use the dashboard: the household's API token, once, on the login form; then a cookie.

- **Session cookie** ``ting_session``: ``<expires>.<nonce>.<signature>``, signed with a key derived
  from ``server.api_token`` (changing the token logs every browser out). HttpOnly, SameSite=Strict,
  and Secure where the browser can keep a Secure cookie (HTTPS, or loopback, which browsers treat as
  secure): over plain HTTP on the home network a Secure cookie would be dropped and nobody could log in.
- **CSRF**: every POST carries ``csrf`` (a form field, or the ``X-CSRF-Token`` header htmx sends),
  derived from the session's nonce; SameSite=Strict is the second wall.
- Without ``server.api_token`` (a server only reachable from this machine, ``app.check_exposure``)
  there is no login: every request has the one open session, whose CSRF token is signed with a key
  made at start (another site's page cannot read it, so it cannot post as the household).
- ``Authorization: Bearer <token>`` works too (scripts, the screenshot tool).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request, Response

SESSION_COOKIE = "ting_session"
SESSION_SECONDS = 30 * 24 * 3600
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class LoginNeeded(HTTPException):
    """Answered with a redirect to the login form (``dashboard.login_redirect``)."""

    def __init__(self, next_path: str) -> None:
        super().__init__(status_code=303, headers={"location": f"/ui/login?next={next_path}"})


@dataclass(frozen=True)
class Session:
    nonce: str
    csrf: str


class Auth:
    def __init__(self, api_token: str | None) -> None:
        self.token = api_token
        seed = api_token.encode() if api_token else secrets.token_bytes(32)
        self._key = hmac.new(b"ting-dashboard-session", seed, hashlib.sha256).digest()

    @property
    def open(self) -> bool:
        """No token is configured: nobody is asked to log in."""
        return self.token is None

    def token_matches(self, given: str) -> bool:
        return self.token is not None and hmac.compare_digest(given.strip().encode(), self.token.encode())

    def new_session(self, now: float | None = None) -> tuple[Session, str]:
        """A session and its cookie value."""
        expires = int((now or time.time()) + SESSION_SECONDS)
        nonce = secrets.token_urlsafe(16)
        payload = f"{expires}.{nonce}"
        return self._session(nonce), f"{payload}.{self._sign(payload)}"

    def session(self, request: Request) -> Session | None:
        """The request's valid session (cookie or bearer token), or None."""
        if self.open:
            return self._session("open")
        cookie = request.cookies.get(SESSION_COOKIE, "")
        expires, _, rest = cookie.partition(".")
        nonce, _, signature = rest.partition(".")
        payload = f"{expires}.{nonce}"
        signed = expires.isdigit() and nonce and hmac.compare_digest(signature, self._sign(payload))
        if signed and int(expires) > time.time():
            return self._session(nonce)
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and self.token_matches(token):
            return self._session("bearer")
        return None

    def require(self, request: Request) -> Session:
        """The session, or a redirect to the login form."""
        found = self.session(request)
        if found is None:
            raise LoginNeeded(safe_next(request.url.path))
        return found

    async def checked_form(self, request: Request) -> dict[str, str]:
        """The posted form (urlencoded), after the session and its CSRF token are checked."""
        session = self.require(request)
        body = (await request.body()).decode("utf-8", errors="replace")
        form = dict(parse_qsl(body, keep_blank_values=True, max_num_fields=100))
        given = form.pop(CSRF_FIELD, "") or request.headers.get(CSRF_HEADER, "")
        if session.nonce != "bearer" and not hmac.compare_digest(given.encode(), session.csrf.encode()):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
        return form

    def set_cookie(self, response: Response, request: Request, value: str) -> None:
        response.set_cookie(
            SESSION_COOKIE, value, max_age=SESSION_SECONDS, httponly=True, samesite="strict",
            secure=secure_context(request), path="/",
        )  # fmt: skip

    def _session(self, nonce: str) -> Session:
        return Session(nonce=nonce, csrf=self._sign(f"csrf.{nonce}")[:32])

    def _sign(self, payload: str) -> str:
        return hmac.new(self._key, payload.encode(), hashlib.sha256).hexdigest()


def secure_context(request: Request) -> bool:
    """Whether a browser keeps a Secure cookie from this origin."""
    host = (request.url.hostname or "").lower()
    forwarded = request.headers.get("x-forwarded-proto", "").lower()
    return request.url.scheme == "https" or forwarded == "https" or host in {"localhost", "127.0.0.1", "::1"}


def safe_next(path: str) -> str:
    """A path on this dashboard to go back to (never another site: ``//evil`` or a URL)."""
    if path.startswith("/ui/") and not path.startswith("//") and "\\" not in path and path != "/ui/login":
        return path
    return "/ui/rooms"
