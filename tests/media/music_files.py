"""Music files made at test time: a tone per file (sox, or ffmpeg for mp3/opus/m4a), tagged with mutagen."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import mutagen.id3
from mutagen.easyid3 import EasyID3
from mutagen.easymp4 import EasyMP4
from mutagen.flac import FLAC
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

FORMATS = ("mp3", "flac", "ogg", "opus", "m4a", "wav")


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str = ""
    album: str = ""
    genre: str = ""
    track: int | None = None


def make_tone(path: Path, *, seconds: float = 1.0, frequency_hz: float = 440.0) -> Path:
    """A sine tone in the format of ``path``'s suffix (44.1 kHz stereo)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in (".wav", ".flac", ".ogg"):
        command = ["sox", "-n", "-r", "44100", "-c", "2", str(path), "synth", str(seconds), "sine",
                   str(frequency_hz), "vol", "0.5"]  # fmt: skip
    else:
        codec = {".mp3": ["-c:a", "libmp3lame", "-b:a", "128k"], ".opus": ["-c:a", "libopus"],
                 ".m4a": ["-c:a", "aac"]}[suffix]  # fmt: skip
        command = ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                   f"sine=frequency={frequency_hz}:duration={seconds}:sample_rate=44100", "-ac", "2",
                   *codec, str(path)]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    return path


def tag(path: Path, tags: Tags) -> Path:
    values = {"title": tags.title, "artist": tags.artist, "album": tags.album, "genre": tags.genre}
    if tags.track is not None:
        values["tracknumber"] = str(tags.track)
    values = {key: value for key, value in values.items() if value}
    suffix = path.suffix.lower()
    if suffix == ".wav":
        wave = WAVE(path)
        if wave.tags is None:
            wave.add_tags()
        frames = {"title": mutagen.id3.TIT2, "artist": mutagen.id3.TPE1, "album": mutagen.id3.TALB,
                  "genre": mutagen.id3.TCON, "tracknumber": mutagen.id3.TRCK}  # fmt: skip
        assert wave.tags is not None
        for key, value in values.items():
            wave.tags.add(frames[key](encoding=3, text=[value]))
        wave.save()
        return path
    if suffix == ".mp3":
        try:
            audio: mutagen.FileType = EasyID3(path)
        except mutagen.id3.ID3NoHeaderError:
            audio = EasyID3()
        for key, value in values.items():
            audio[key] = value
        audio.save(path)
        return path
    opener = {".flac": FLAC, ".ogg": OggVorbis, ".opus": OggOpus, ".m4a": EasyMP4}[suffix]
    audio = opener(path)
    if suffix == ".m4a":
        for key, value in values.items():
            audio[key] = value
    else:
        for key, value in values.items():
            audio[key] = [value]
    audio.save()
    return path


def music_file(path: Path, tags: Tags, *, seconds: float = 1.0, frequency_hz: float = 440.0) -> Path:
    return tag(make_tone(path, seconds=seconds, frequency_hz=frequency_hz), tags)


DEMO_LIBRARY = {
    "周杰伦/叶惠美/01 晴天.mp3": Tags("晴天", "周杰伦", "叶惠美", "流行", 1),
    "周杰伦/叶惠美/02 以父之名.flac": Tags("以父之名", "周杰伦", "叶惠美", "流行", 2),
    "周杰伦/范特西/01 爱在西元前.ogg": Tags("爱在西元前", "周杰伦", "范特西", "Pop", 1),
    "王菲/但愿人长久.opus": Tags("但願人長久", "王菲", "菲靡靡之音", "流行", 3),
    "jazz/take five.m4a": Tags("Take Five", "Dave Brubeck", "Time Out", "Jazz", 3),
    "jazz/so what.wav": Tags("So What", "Miles Davis", "Kind of Blue", "Jazz", 1),
}
"""Relative path -> tags: every format, both scripts (王菲's title tagged in traditional)."""


def make_library(folder: Path, files: dict[str, Tags] | None = None) -> dict[str, Path]:
    made = {}
    for index, (relative, tags) in enumerate((files or DEMO_LIBRARY).items()):
        made[relative] = music_file(folder / relative, tags, frequency_hz=330.0 + 110 * index)
    return made
