"""The media skill's handlers: play from the library or the radio, control the room's player, volume."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from ting.errors import TingError
from ting.skills.media.phrases import (
    PHRASES,
    code,
    first_track,
    genre_name,
    names_list,
    track_name,
)
from ting.skills.sdk import (
    Found,
    IntentRequest,
    MatchField,
    MediaQuery,
    Playlist,
    PlayState,
    Response,
    Services,
    Station,
)
from ting.skills.sdk.speech import say_duration

Handler = Callable[[IntentRequest, Services], Awaitable[Response]]
VOLUME_STEP = 10
"""Points a "louder" / "quieter" moves the music volume."""


def target_site(request: IntentRequest, services: Services) -> tuple[str | None, str]:
    """The site to play on and how to name its room: the room named (``area`` slot) or the asker's."""
    area = request.slots.get("area")
    if not area or area == request.area:
        return request.site_id, PHRASES.say("this_room", request.lang)
    named = services.household.area(str(area))
    room = (named.names.get(code(request.lang)) or [str(area)])[0] if named else str(area)
    sites = [site for site in services.media.player_sites() if services.household.area_for_site(site) == area]
    return (sites[0] if sites else None), room


async def play(request: IntentRequest, services: Services) -> Response:
    lang = request.lang
    site, room = target_site(request, services)
    if site is None or not services.media.has_player(site):
        return Response(text=PHRASES.say("no_player", lang, room=room), ok=False)
    if _wants_radio(request, services):
        radio = await _play_station(request, services, site, room)
        if radio is not None:
            return radio
    playlist = await _playlist(request, services)
    if playlist is not None:
        return await _play_playlist(request, services, playlist, site, room)
    found = await services.media.find(_query(request.slots), shuffle=_shuffled(request.slots))
    if not found.ok:
        return _not_found(request, services, found)
    try:
        await services.media.play(site, found.tracks)
    except TingError as error:
        return Response(text=PHRASES.say("failed", lang, error=str(error)), ok=False)
    text = _playing(found, lang, request.slots)
    if site != request.site_id:
        text += PHRASES.say("elsewhere", lang, room=room)
    data = {"site_id": site, "tracks": [t.id for t in found.tracks], "matched": found.name, "by": found.field}
    return Response(text=text, data=data)


async def _playlist(request: IntentRequest, services: Services) -> Playlist | None:
    """The library's playlist the ``playlist`` slot names; None: then it is searched as an album."""
    words = request.slots.get("playlist")
    return await services.media.find_playlist(str(words)) if words else None


async def _play_playlist(
    request: IntentRequest, services: Services, playlist: Playlist, site: str, room: str
) -> Response:
    lang = request.lang
    if not playlist.tracks:
        return Response(text=PHRASES.say("playlist_empty", lang, name=playlist.name), ok=False)
    try:
        await services.media.play(site, playlist.tracks)
    except TingError as error:
        return Response(text=PHRASES.say("failed", lang, error=str(error)), ok=False)
    text = PHRASES.say("playing_playlist", lang, name=playlist.name, track=first_track(playlist.tracks, lang))
    if site != request.site_id:
        text += PHRASES.say("elsewhere", lang, room=room)
    data = {"site_id": site, "tracks": [t.id for t in playlist.tracks], "playlist": playlist.name}
    return Response(text=text, data=data)


def _query(slots: Mapping[str, Any]) -> MediaQuery:
    song, artist, album = slots.get("song"), slots.get("artist"), slots.get("album")
    genre, playlist = slots.get("genre"), slots.get("playlist")
    if song and not artist:  # "play 周杰伦" / "play 晴天": the words may name anything
        return MediaQuery(any=str(song), genre=_text(genre), album=_text(album))
    return MediaQuery(
        artist=_text(artist), album=_text(album) or _text(playlist), title=_text(song), genre=_text(genre)
    )


def _text(value: Any) -> str | None:
    return str(value) if value else None


def _shuffled(slots: Mapping[str, Any]) -> bool:
    return not (slots.get("song") or slots.get("album") or slots.get("artist"))


RADIO_HINTS = ("radio", "fm", "电台", "广播", "之声", "收音机")
"""Words that make a name a station's even when none is configured by it ("BBC Radio 4", "中国之声")."""


def _station_words(request: IntentRequest) -> str | None:
    words = request.slots.get("song") or request.slots.get("playlist")
    return str(words) if words else None


def _wants_radio(request: IntentRequest, services: Services) -> bool:
    words = _station_words(request)
    if request.slots.get("source") == "radio" or (words and services.media.station(words) is not None):
        return True
    return bool(words) and any(hint in str(words).lower() for hint in RADIO_HINTS)


async def _play_station(request: IntentRequest, services: Services, site: str, room: str) -> Response | None:
    """None: "play some jazz radio" found no jazz station, so the library's jazz plays instead."""
    lang = request.lang
    words, genre = _station_words(request), request.slots.get("genre")
    station: Station | None = None
    if words or genre:  # configured first, then the radio directory when it is on
        station = await services.media.find_station(words, genre=str(genre) if genre else None)
        if station is None:
            if not words:
                return None
            return Response(text=PHRASES.say("station_not_found", lang, name=words), ok=False)
    else:
        stations = services.media.stations()
        if not stations:
            return Response(text=PHRASES.say("no_station", lang), ok=False)
        station = stations[0]
    name = station.name(lang)
    try:
        await services.media.play(site, station=station)
    except TingError:
        return Response(text=PHRASES.say("station_failed", lang, station=name), ok=False)
    text = PHRASES.say("playing_station", lang, station=name)
    if site != request.site_id:
        text += PHRASES.say("elsewhere", lang, room=room)
    return Response(text=text, data={"site_id": site, "station": station.id})


def _playing(found: Found, lang: str, slots: Mapping[str, Any]) -> str:
    track = first_track(found.tracks, lang)
    if found.field is MatchField.TITLE:
        return PHRASES.say("playing_title", lang, track=track)
    if found.field is MatchField.ARTIST:
        return PHRASES.say("playing_artist", lang, artist=found.name, title=found.tracks[0].title)
    if found.field is MatchField.ALBUM:
        return PHRASES.say("playing_album", lang, album=found.name, track=track)
    if found.field is MatchField.GENRE:
        genre = genre_name(str(slots.get("genre") or found.name), lang)
        return PHRASES.say("playing_genre", lang, genre=genre, track=track)
    return PHRASES.say("shuffling", lang, track=track)


def _not_found(request: IntentRequest, services: Services, found: Found) -> Response:
    lang = request.lang
    slots = request.slots
    asked = [str(slots[name]) for name in ("artist", "album", "song", "playlist") if slots.get(name)]
    if slots.get("genre"):
        asked.append(genre_name(str(slots["genre"]), lang))
    if not asked:
        return Response(text=PHRASES.say("empty_library", lang), ok=False)
    text = PHRASES.say("not_found", lang, what=" ".join(asked))
    if found.closest:
        text += PHRASES.say("did_you_mean", lang, names=names_list(found.closest[:2], lang))
    return Response(text=text, data={"closest": list(found.closest)}, ok=False)


def control(action: str) -> Handler:
    phrase = {"pause": "paused", "resume": "resumed", "stop": "stopped"}.get(action, action)

    async def handle(request: IntentRequest, services: Services) -> Response:
        site, room = target_site(request, services)
        playing = services.media.now_playing(site) if site else None
        if site is None or playing is None:
            return Response(text=PHRASES.say("no_player", request.lang, room=room), ok=False)
        try:
            if action == "resume":  # also after a stop or a restart: the room's last queue, from its place
                if not await services.media.resume(site):
                    return Response(text=PHRASES.say("nothing_to_resume", request.lang), ok=False)
            elif playing.state is PlayState.STOPPED and action != "stop":
                return Response(text=PHRASES.say("nothing_playing", request.lang), ok=False)
            else:
                await services.media.control(site, action)
        except TingError as error:
            return Response(text=PHRASES.say("failed", request.lang, error=str(error)), ok=False)
        return Response(text=PHRASES.say(phrase, request.lang), data={"site_id": site, "action": action})

    return handle


async def volume(request: IntentRequest, services: Services) -> Response:
    lang = request.lang
    site, room = target_site(request, services)
    if site is None or services.media.now_playing(site) is None:
        return Response(text=PHRASES.say("no_player", lang, room=room), ok=False)
    level = request.slots.get("level")
    try:
        if request.intent == "volume.set" and level is not None:
            value = min(max(round(float(level)), 0), 100)
            await services.media.set_volume(site, level=value)
            text = PHRASES.say("volume_set", lang, level=str(value))
        else:
            up = request.slots.get("direction") != "down"
            await services.media.set_volume(site, change=VOLUME_STEP if up else -VOLUME_STEP)
            text = PHRASES.say("volume_up" if up else "volume_down", lang)
    except TingError as error:
        return Response(text=PHRASES.say("failed", lang, error=str(error)), ok=False)
    return Response(text=text, data={"site_id": site})


async def seek(request: IntentRequest, services: Services) -> Response:
    """``music.seek`` (skill-owned, docs/music.md): ``direction`` ``forward`` / ``back`` by ``duration``
    seconds, ``to`` the ``duration``'s position, or ``start``."""
    lang = request.lang
    site, room = target_site(request, services)
    playing = services.media.now_playing(site) if site else None
    if site is None or playing is None:
        return Response(text=PHRASES.say("no_player", lang, room=room), ok=False)
    if playing.state is PlayState.STOPPED:
        return Response(text=PHRASES.say("nothing_playing", lang), ok=False)
    if playing.is_stream:
        return Response(text=PHRASES.say("seek_stream", lang), ok=False)
    direction = str(request.slots.get("direction") or "to")
    amount = request.slots.get("duration")
    if direction == "start":
        seconds = 0.0
    elif amount is None:
        return Response(text=PHRASES.say("seek_how_far", lang), ok=False, expect=(request.intent,))
    else:
        seconds = float(amount)
    relative = direction in ("forward", "back")
    target = (
        playing.position_seconds + (seconds if direction != "back" else -seconds) if relative else seconds
    )
    length = playing.duration_seconds
    if length is not None and target >= length:  # past the end would silently skip to the next track
        return Response(
            text=PHRASES.say("seek_too_far", lang, length=say_duration(length, code(lang))), ok=False
        )
    try:
        await services.media.seek(site, -seconds if direction == "back" else seconds, relative=relative)
    except TingError as error:
        return Response(text=PHRASES.say("failed", lang, error=str(error)), ok=False)
    spoken = say_duration(seconds, code(lang))
    key = {"forward": "seek_forward", "back": "seek_back", "start": "seek_start"}.get(direction, "seek_to")
    text = PHRASES.say(key, lang, duration=spoken, position=spoken)
    return Response(text=text, data={"site_id": site, "position_seconds": max(target, 0.0)})


async def what(request: IntentRequest, services: Services) -> Response:
    site, _room = target_site(request, services)
    playing = services.media.now_playing(site) if site else None
    if playing is None or playing.state is PlayState.STOPPED or not playing.title:
        return Response(text=PHRASES.say("nothing_playing", request.lang))
    track = track_name(playing.title, playing.artist, request.lang)
    key = "now_paused" if playing.state is PlayState.PAUSED else "now_playing"
    data = {"site_id": site, "title": playing.title, "artist": playing.artist, "album": playing.album}
    return Response(text=PHRASES.say(key, request.lang, track=track), data=data)


HANDLERS: Mapping[str, Handler] = {
    "music.play": play,
    "music.pause": control("pause"),
    "music.resume": control("resume"),
    "music.stop": control("stop"),
    "music.next": control("next"),
    "music.previous": control("previous"),
    "music.what": what,
    "music.seek": seek,
    "volume.set": volume,
    "volume.change": volume,
}
