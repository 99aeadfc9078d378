"""Running the server in-process: port 0 binds a free port with no race, and a port already taken
is a clear error that leaves the caller's event loop serving."""

from __future__ import annotations

import socket
from dataclasses import replace

import httpx
import pytest

from ting.errors import TingError
from ting.server.host import running_server
from ting.settings import Settings


async def test_taken_port_is_a_clear_error_and_the_loop_lives_on(server_settings: Settings) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        busy = replace(server_settings, server=replace(server_settings.server, http_port=port))
        with pytest.raises(TingError, match=f"cannot listen on 127.0.0.1:{port}"):
            async with running_server(busy):
                pass
    async with running_server(server_settings) as running:
        assert running.port != 0
        async with httpx.AsyncClient(timeout=10) as http:
            health = await http.get(f"http://127.0.0.1:{running.port}/healthz")
        assert health.status_code in (200, 503)
