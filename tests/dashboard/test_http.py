"""The dashboard's doors over plain HTTP (no browser): login, session cookie, CSRF, redirects kept on
this site, the API still behind its bearer token."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from fastapi.routing import APIRoute

from tests.dashboard.conftest import TOKEN, Dashboard
from ting.server.dashboard import PAGES, dashboard_router

pytestmark = pytest.mark.asyncio(loop_scope="session")


@pytest_asyncio.fixture(loop_scope="session")
async def http(dashboard: Dashboard) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=dashboard.url, timeout=30, follow_redirects=False) as client:
        yield client


async def logged_in(http: httpx.AsyncClient) -> str:
    """Log ``http`` in; the CSRF token of its session (from a page's form).

    httpx, rightly, does not send a Secure cookie over plain http (browsers do, on loopback): sent by hand."""
    answer = await http.post("/ui/login", data={"token": TOKEN, "next": "/ui/rooms"})
    assert answer.status_code == 303 and answer.headers["location"] == "/ui/rooms"
    http.headers["cookie"] = answer.headers["set-cookie"].split(";", 1)[0]
    page = await http.get("/ui/rooms")
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert found
    return found.group(1)


async def test_every_page_needs_a_login(http: httpx.AsyncClient) -> None:
    for nav, _ in PAGES:
        answer = await http.get(nav.path)
        assert answer.status_code == 303, nav.path
        assert answer.headers["location"] == f"/ui/login?next={nav.path}"
    assert (await http.get("/")).headers["location"] == "/ui/rooms"
    assert (await http.get("/ui/live/stream")).status_code == 303


async def test_a_wrong_token_is_refused_and_sets_no_cookie(http: httpx.AsyncClient) -> None:
    answer = await http.post("/ui/login", data={"token": TOKEN + "x"})
    assert answer.status_code == 401 and "ting_session" not in answer.cookies
    assert "Wrong token" in answer.text


async def test_the_session_cookie_is_httponly_strict_and_secure_on_loopback(http: httpx.AsyncClient) -> None:
    answer = await http.post("/ui/login", data={"token": TOKEN})
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie


async def test_a_post_without_the_csrf_token_is_refused(
    http: httpx.AsyncClient, dashboard: Dashboard
) -> None:
    csrf = await logged_in(http)
    home = dashboard.running.state.runtime.home
    before = (await home.get_state("water_heater")).on
    refused = await http.post("/ui/rooms/devices/water_heater", data={"on": "1"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    wrong = await http.post("/ui/rooms/devices/water_heater", data={"on": "1", "csrf": "0" * 32})
    assert wrong.status_code == 403
    assert (await home.get_state("water_heater")).on == before
    accepted = await http.post("/ui/rooms/devices/water_heater", data={"on": "1", "csrf": csrf})
    assert accepted.status_code == 303 and (await home.get_state("water_heater")).on
    header = await http.post(
        "/ui/rooms/devices/water_heater", data={"on": "0"}, headers={"X-CSRF-Token": csrf}
    )  # as htmx sends it
    assert header.status_code == 303 and not (await home.get_state("water_heater")).on


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/api/skills", "/ui\\x"])
async def test_login_goes_back_only_to_a_dashboard_page(http: httpx.AsyncClient, target: str) -> None:
    answer = await http.post("/ui/login", data={"token": TOKEN, "next": target})
    assert answer.headers["location"] == "/ui/rooms"


async def test_the_api_still_wants_its_bearer_token_not_the_cookie(http: httpx.AsyncClient) -> None:
    await logged_in(http)
    assert (await http.get("/api/skills")).status_code == 401
    bearer = await http.get("/api/skills", headers={"Authorization": f"Bearer {TOKEN}"})
    assert bearer.status_code == 200


async def test_a_bearer_token_opens_the_pages_without_a_cookie(dashboard: Dashboard) -> None:
    headers: dict[str, Any] = {"Authorization": f"Bearer {TOKEN}"}
    async with httpx.AsyncClient(base_url=dashboard.url, timeout=30, headers=headers) as client:
        answer = await client.get("/ui/try", params={"text": "打开电视", "lang": "zh"})
    assert answer.status_code == 200 and "home.turn_on" in answer.text


async def test_htmx_is_served_from_the_installed_package(http: httpx.AsyncClient) -> None:
    answer = await http.get("/ui/static/htmx.min.js")
    assert answer.status_code == 200 and "htmx" in answer.text[:2000]
    assert (await http.get("/ui/static/../app.py")).status_code == 404
    assert (await http.get("/ui/static/nothing.js")).status_code == 404


async def test_hostile_form_input_gets_a_message_not_a_500(http: httpx.AsyncClient) -> None:
    csrf = await logged_in(http)
    for form in (
        {"kind": "alarm", "time": "yesterday"},
        {"kind": "timer", "minutes": "-3"},
        {"kind": "timer", "minutes": "nan"},
        {"kind": "reminder", "time": "2030-01-01T08:00", "message": ""},
        {"kind": "alarm", "time": "2030-01-01T08:00", "recurrence": "fortnightly"},
        {"kind": "bomb"},
    ):
        answer = await http.post("/ui/alarms/add", data={**form, "csrf": csrf})
        assert answer.status_code == 422, form
        assert 'role="alert"' in answer.text
    long_text = "开" * 5000
    answer = await http.get("/ui/try", params={"text": long_text})
    assert answer.status_code == 200 and "nlu.max_input_chars" in answer.text


async def test_every_dashboard_route_but_the_frames_needs_the_session(
    http: httpx.AsyncClient, dashboard: Dashboard
) -> None:
    """``/ui/`` is public to the API's guard (the dashboard checks its own cookie): no route may forget it."""
    router = dashboard_router(dashboard.running.state.settings)
    open_routes = {"/", "/ui", "/ui/", "/ui/login", "/ui/lang/{lang}", "/ui/static/{name}"}
    checked = 0
    for route in router.routes:
        if not isinstance(route, APIRoute) or not route.path.startswith("/ui/") or route.path in open_routes:
            continue
        path = re.sub(r"\{[^}]+\}", "x", route.path)
        for method in route.methods:
            answer = await http.request(method, path)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/ui/login"), path
            checked += 1
    assert checked >= 12
