"""What the agent and ``ting/media/<siteId>/...`` need of a player: ``MusicPlayer`` (ffmpeg on this device)
and ``MpdPlayer`` (an MPD server) both are one, chosen by ``media.player``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Protocol

from ting.messages import MediaItem, MediaState, PlayerStatus

StateListener = Callable[[MediaState], Awaitable[None]]
"""Called with every new state (the agent publishes it retained)."""
ErrorListener = Callable[[str], Awaitable[None]]
"""Called when something could not be played (the agent says so)."""


class Player(Protocol):
    site_id: str

    @property
    def status(self) -> PlayerStatus:
        """Playing, paused, stopped or buffering (as the last state reported)."""

    @property
    def ducked(self) -> bool:
        """Lowered now because the device listens or speaks."""

    async def play(
        self,
        items: Sequence[MediaItem],
        start_index: int = 0,
        request_id: str | None = None,
        *,
        start_seconds: float = 0.0,
    ) -> None:
        """Replace the queue with ``items`` and play from ``start_index``, ``start_seconds`` into it (a file;
        a live stream starts live)."""

    async def pause(self, request_id: str | None = None) -> None: ...

    async def resume(self, request_id: str | None = None) -> None: ...

    async def stop(self, request_id: str | None = None) -> None: ...

    async def next(self, request_id: str | None = None) -> None: ...

    async def previous(self, request_id: str | None = None) -> None: ...

    async def seek(
        self, position_seconds: float, request_id: str | None = None, *, relative: bool = False
    ) -> None:
        """Move within the item playing (a file; a live stream cannot seek: the state's error says so);
        ``relative``: by ``position_seconds`` from where it is (negative: back), never before 0."""

    async def set_volume(
        self, *, level: int | None = None, change: int | None = None, request_id: str | None = None
    ) -> None: ...

    async def set_ducked(self, ducked: bool) -> None:
        """Lower the music (the device listens or speaks) or bring it back."""

    async def follow(self, busy: Callable[[], bool], period_seconds: float = 0.05) -> None:
        """Runs until cancelled: ducks while ``busy()``, and keeps whatever else the player needs going
        (MPD: the connection, its reconnects and the state reports)."""

    def prepare(self) -> None:
        """Music was asked for: load what playing needs, in the background, while the server finds it."""

    def state(self) -> MediaState: ...

    async def close(self) -> None: ...
