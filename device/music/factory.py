"""The device's music player, chosen by ``media.player``: MPD's, the built-in one, or none."""

from __future__ import annotations

from collections.abc import Callable

from ting.device.music.interface import ErrorListener, Player, StateListener
from ting.device.music.output import MusicOutput
from ting.settings import MediaSettings


def make_player(
    site_id: str,
    media: MediaSettings,
    make_output: Callable[[], MusicOutput] | None,
    *,
    on_state: StateListener,
    on_error: ErrorListener,
) -> Player | None:
    """``make_output`` None: the built-in player has nowhere to play (MPD's still plays, elsewhere).

    The players are imported when chosen: a device without music loads neither."""
    if media.player == "mpd":  # MPD plays: no output of this device's own is needed
        from ting.device.music.mpd_player import MpdPlayer

        return MpdPlayer(
            site_id,
            media.mpd,
            duck_db=media.duck_db,
            duck_fade_seconds=media.duck_fade_seconds,
            on_state=on_state,
            on_error=on_error,
        )
    if make_output is None:
        return None
    from ting.device.music.player import MusicPlayer

    return MusicPlayer(
        site_id,
        make_output(),
        volume=media.volume,
        duck_db=media.duck_db,
        duck_fade_seconds=media.duck_fade_seconds,
        reconnect_seconds=media.stream_reconnect_seconds,
        local_folder=media.local_folder,
        on_state=on_state,
        on_error=on_error,
    )
