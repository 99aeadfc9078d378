"""``SpeechStream`` for engines that only decode whole commands: the audio is kept and decoded at the end."""

from __future__ import annotations

from collections.abc import Callable

from device.interfaces import Transcript


class BufferedStream:
    """Keeps what is fed; ``finish()`` hands all of it to ``transcribe`` (no work while the user speaks)."""

    def __init__(self, transcribe: Callable[[bytes], Transcript]) -> None:
        self._transcribe = transcribe
        self._pieces: list[bytes] = []

    def feed(self, pcm: bytes) -> None:
        self._pieces.append(pcm)

    def finish(self) -> Transcript:
        pcm, self._pieces = b"".join(self._pieces), []
        return self._transcribe(pcm)

    def cancel(self) -> None:
        self._pieces = []
