"""A TCP proxy between MQTT clients and a real broker that can lose packets on purpose.

Used to make the broker redeliver a message (the client's PUBACK is dropped, then the connection
is cut) and to lose a PUBACK on its way to a publisher: the two ways QoS 1 produces duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable


class LossyProxy:
    def __init__(self, broker_port: int) -> None:
        self._broker_port = broker_port
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.drop_from_clients = False
        """Discard what clients send (PUBACKs among it) while set."""
        self.drop_to_clients = False
        """Discard what the broker sends while set."""

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"mqtt://127.0.0.1:{self._server.sockets[0].getsockname()[1]}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)

    def cut(self) -> None:
        """Close every connection through the proxy, as a network failure would."""
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def close(self) -> None:
        self.cut()
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        broker_reader, broker_writer = await asyncio.open_connection("127.0.0.1", self._broker_port)
        self._writers.update((client_writer, broker_writer))
        for pump in (
            self._pump(client_reader, broker_writer, lambda: self.drop_from_clients),
            self._pump(broker_reader, client_writer, lambda: self.drop_to_clients),
        ):
            task = asyncio.create_task(pump)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pump(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, dropping: Callable[[], bool]
    ) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                if not dropping():
                    writer.write(data)
                    await writer.drain()
        writer.transport.abort()
