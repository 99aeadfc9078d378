"""Live: the conversation log per site, pushed to the page as server-sent events while it happens."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from ting.server.activity import Turn
from ting.server.dashboard.context import Context
from ting.server.dashboard.render import NavItem, state_of

NAV = NavItem("/ui/live", "live")
KEEPALIVE_SECONDS = 15.0
STREAM_SECONDS = 300.0
"""A stream ends after this (the browser reconnects at once): a server shutting down waits for open
responses, and a stream that never ended would hold it up to uvicorn's graceful-shutdown timeout."""
SHOWN_TURNS = 50


def routes(router: APIRouter, ctx: Context) -> None:
    auth, renderer = ctx.auth, ctx.renderer

    @router.get(NAV.path)
    async def live(request: Request, site: str = "") -> HTMLResponse:
        session = auth.require(request)
        state = state_of(request)
        turns = state.activity.turns(site or None)[:SHOWN_TURNS]
        sites = sorted({*state.activity.sites(), *state.runtime.household.sites})
        return renderer.page(
            request, session, "live.html", title_key="live", turns=turns, sites=sites, site=site,
            turn_html=lambda turn: renderer.fragment(request, "turn.html", turn=turn),
        )  # fmt: skip

    @router.get(NAV.path + "/audio/{clip_id}")
    async def audio(clip_id: str, request: Request) -> Response:
        """A command's audio as the device sent it (``device.send_command_audio``), while it is kept."""
        auth.require(request)
        clip = state_of(request).activity.audio.get(clip_id)
        if clip is None:
            raise HTTPException(404, "this audio is no longer kept (server.live_audio_kept)")
        headers = {
            "cache-control": "private, no-store",
            "content-disposition": f'inline; filename="{clip_id}.wav"',
        }
        return Response(clip.wav, media_type="audio/wav", headers=headers)

    @router.get(NAV.path + "/stream")
    async def stream(request: Request, site: str = "") -> StreamingResponse:
        auth.require(request)
        activity = state_of(request).activity

        async def events() -> AsyncIterator[str]:
            yield "retry: 1000\n\n"
            loop = asyncio.get_running_loop()
            ends = loop.time() + STREAM_SECONDS
            with activity.listening() as updates:
                while loop.time() < ends and not await request.is_disconnected():
                    try:
                        turn = await asyncio.wait_for(updates.get(), KEEPALIVE_SECONDS)
                    except TimeoutError:
                        yield ": keepalive\n\n"
                        continue
                    if not site or turn.site_id == site:
                        yield _event(turn, renderer.fragment(request, "turn.html", turn=turn))

        headers = {"cache-control": "no-store", "x-accel-buffering": "no"}
        return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


def _event(turn: Turn, html: str) -> str:
    data = json.dumps({"number": turn.number, "site": turn.site_id, "html": html}, ensure_ascii=False)
    return f"event: turn\ndata: {data}\n\n"
