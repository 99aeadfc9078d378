"""Music files for the devices over HTTP: signed, expiring URLs, served with range requests.

Devices need no copy of the library: a queue names ``<public_base_url>/media/files/<id>?expires=..&
signature=..``. The route is outside the API token (``http_guard.PUBLIC_PREFIXES``) because the URL
carries its own proof: an HMAC-SHA256 of the track id and the expiry under ``media.url_secret`` (or a
random secret kept in the store). A URL that is unsigned, altered or expired gets 403, an unknown id 404;
only files in the library are ever served, never a path from the request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse

from ting.server.media.library import Library
from ting.server.store.base import Store

SECRET_NAMESPACE = "media"
SECRET_KEY = "url_secret"
FILES_PATH = "/media/files"


class UrlSigner:
    def __init__(
        self, secret: bytes, *, base_url: str, ttl_seconds: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._secret = secret
        self.base_url = base_url.rstrip("/")
        self._ttl = ttl_seconds
        self._clock = clock

    def url(self, track_id: str) -> str:
        expires = int(self._clock() + self._ttl)
        signature = self._sign(track_id, expires)
        return f"{self.base_url}{FILES_PATH}/{track_id}?expires={expires}&signature={signature}"

    def valid(self, track_id: str, expires: int, signature: str) -> bool:
        fresh = expires >= self._clock()
        return hmac.compare_digest(self._sign(track_id, expires), signature) and fresh

    def _sign(self, track_id: str, expires: int) -> str:
        return hmac.new(self._secret, f"{track_id}\n{expires}".encode(), hashlib.sha256).hexdigest()


async def load_secret(store: Store, configured: str | None) -> bytes:
    """``media.url_secret``, else the store's (made once, so URLs survive a restart)."""
    if configured:
        return configured.encode()
    stored = await store.get(SECRET_NAMESPACE, SECRET_KEY)
    if not isinstance(stored, str):
        stored = secrets.token_hex(32)
        await store.put(SECRET_NAMESPACE, SECRET_KEY, stored)
    return stored.encode()


router = APIRouter()


@router.get(f"{FILES_PATH}/{{track_id}}", include_in_schema=False)
async def music_file(
    request: Request,
    track_id: str,
    expires: Annotated[int, Query()] = 0,
    signature: Annotated[str, Query(max_length=128)] = "",
) -> FileResponse:
    media = request.app.state.ting.media
    signer: UrlSigner = media.signer
    library: Library = media.library
    if not signer.valid(track_id, expires, signature):
        raise HTTPException(403, "this music URL is unsigned, altered or expired")
    record = library.record(track_id)
    if record is None:
        raise HTTPException(404, "no such track in the library (rescanned since?)")
    # Starlette's FileResponse answers Range requests (206 with Content-Range) and HEAD.
    return FileResponse(record.path, filename=None, content_disposition_type="inline")
