"""A TCP proxy between MQTT clients and a real broker that can lose packets on purpose.

Used to make the broker redeliver a message (the client's PUBACK is dropped, then the connection
is cut) and to lose a PUBACK on its way to a publisher: the two ways QoS 1 produces duplicates.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct


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
        self.hold_to_clients = False
        """Keep what the broker sends (for ``flush_and_reset``) while set."""
        self._held: dict[asyncio.StreamWriter, bytearray] = {}

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

    def flush_and_reset(self) -> None:
        """Send the clients what was held, then reset their connections (RST) right behind it: they find
        data and the reset waiting together, as when a broker is stopped while it is sending."""
        for writer, data in self._held.items():
            writer.write(bytes(data))
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
        self._held.clear()
        self.hold_to_clients = False
        self.cut()

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
            self._pump(client_reader, broker_writer, to_clients=False),
            self._pump(broker_reader, client_writer, to_clients=True),
        ):
            task = asyncio.create_task(pump)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _pump(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, to_clients: bool
    ) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                if to_clients and self.hold_to_clients:
                    self._held.setdefault(writer, bytearray()).extend(data)
                elif not (self.drop_to_clients if to_clients else self.drop_from_clients):
                    writer.write(data)
                    await writer.drain()
        writer.transport.abort()
