"""What the media skill says, per language."""

from __future__ import annotations

from collections.abc import Sequence

from ting.skills.sdk import Phrases, Track

PHRASES = Phrases(
    {
        "playing_title": {"en": "Playing {track}.", "zh": "正在播放{track}。"},
        "playing_artist": {
            "en": "Playing {artist}, starting with {title}.",
            "zh": "正在播放{artist}的歌，先听{title}。",
        },
        "playing_album": {
            "en": "Playing the album {album}: {track}.",
            "zh": "正在播放专辑《{album}》：{track}。",
        },
        "playing_genre": {"en": "Playing {genre}: {track}.", "zh": "正在播放{genre}：{track}。"},
        "playing_playlist": {
            "en": "Playing your playlist {name}: {track}.",
            "zh": "正在播放歌单《{name}》：{track}。",
        },
        "playlist_empty": {
            "en": "None of the songs of the playlist {name} are in the music library.",
            "zh": "歌单《{name}》里的歌音乐库里都没有。",
        },
        "shuffling": {"en": "Shuffling your music: {track}.", "zh": "随机播放：{track}。"},
        "playing_station": {"en": "Playing {station}.", "zh": "正在播放{station}。"},
        "elsewhere": {"en": " In the {room}.", "zh": "在{room}播放。"},
        "not_found": {"en": "I couldn't find {what} in the music library.", "zh": "音乐库里没有找到{what}。"},
        "did_you_mean": {"en": " Did you mean {names}?", "zh": "你是不是想听{names}？"},
        "empty_library": {
            "en": "The music library is empty. Point media.library_folders at your music folder.",
            "zh": "音乐库是空的，请在配置 media.library_folders 里设置音乐文件夹。",
        },
        "no_station": {"en": "No radio station is set up.", "zh": "还没有设置电台。"},
        "station_not_found": {
            "en": "I couldn't find a station called {name}.",
            "zh": "没有找到{name}这个电台。",
        },
        "station_failed": {"en": "I couldn't open {station}.", "zh": "打不开{station}。"},
        "no_player": {"en": "There is no music player in {room}.", "zh": "{room}没有播放器。"},
        "this_room": {"en": "this room", "zh": "这个房间"},
        "unknown_room": {"en": "I don't know a room called {room}.", "zh": "我不知道{room}在哪个房间。"},
        "nothing_playing": {"en": "Nothing is playing.", "zh": "现在没有在放音乐。"},
        "nothing_to_resume": {"en": "There is nothing to resume.", "zh": "没有可以继续播放的音乐。"},
        "paused": {"en": "Paused.", "zh": "已暂停。"},
        "resumed": {"en": "Resuming.", "zh": "继续播放。"},
        "stopped": {"en": "Stopped the music.", "zh": "已停止播放。"},
        "next": {"en": "Next track.", "zh": "下一首。"},
        "previous": {"en": "Previous track.", "zh": "上一首。"},
        "volume_set": {"en": "Volume {level}.", "zh": "音量{level}。"},
        "volume_up": {"en": "Turned it up.", "zh": "声音大一点了。"},
        "volume_down": {"en": "Turned it down.", "zh": "声音小一点了。"},
        "now_playing": {"en": "This is {track}.", "zh": "这是{track}。"},
        "now_paused": {"en": "Paused: {track}.", "zh": "暂停中：{track}。"},
        "seek_forward": {"en": "Skipped ahead {duration}.", "zh": "快进了{duration}。"},
        "seek_back": {"en": "Went back {duration}.", "zh": "后退了{duration}。"},
        "seek_to": {"en": "Jumped to {position}.", "zh": "跳到了{position}。"},
        "seek_start": {"en": "From the start.", "zh": "从头播放。"},
        "seek_stream": {"en": "Live radio can't skip.", "zh": "直播电台不能快进或后退。"},
        "seek_too_far": {"en": "This track is only {length} long.", "zh": "这首歌只有{length}长。"},
        "seek_how_far": {"en": "How far?", "zh": "要跳多少？"},
        "failed": {"en": "The player did not answer: {error}", "zh": "播放器没有响应：{error}"},
    }
)
GENRES = {
    "jazz": {"en": "jazz", "zh": "爵士乐"},
    "classical": {"en": "classical music", "zh": "古典音乐"},
    "rock": {"en": "rock", "zh": "摇滚乐"},
    "pop": {"en": "pop", "zh": "流行音乐"},
    "folk": {"en": "folk", "zh": "民谣"},
    "electronic": {"en": "electronic music", "zh": "电子音乐"},
    "children": {"en": "children's songs", "zh": "儿歌"},
}


def code(lang: str) -> str:
    return "en" if lang == "en" else "zh"


def track_name(title: str, artist: str, lang: str) -> str:
    """晴天 by 周杰伦 / 周杰伦的晴天."""
    if not artist:
        return title
    return f"{title} by {artist}" if code(lang) == "en" else f"{artist}的{title}"


def first_track(tracks: Sequence[Track], lang: str) -> str:
    return track_name(tracks[0].title, tracks[0].artist, lang)


def genre_name(genre: str, lang: str) -> str:
    return GENRES.get(genre, {}).get(code(lang), genre)


def names_list(names: Sequence[str], lang: str) -> str:
    if code(lang) == "en":
        return " or ".join(names)
    return "还是".join(names)
