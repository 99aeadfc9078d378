"""Whisper's token ids for the device's own decoding loop, without holding the tokenizer.

faster-whisper keeps the model's Hugging Face tokenizer (``tokenizer.json`` as the Rust ``tokenizers``
library holds it: ~15 MB resident for Whisper base's 51,865 tokens and their merges) for as long as the model
lives. The device's decoding (``WhisperRecognizer`` on its 10 s window) needs it only to encode the household
prompt and to find the special and non-speech tokens, once per recognizer; what it decodes afterwards is
token ids < ``<|endoftext|>``, byte-level BPE pieces that are written back as their bytes. So the model's
tokenizer is loaded from its file when a recognizer is built, asked those things, and dropped
(``WhisperTokens``); faster-whisper's own pipeline (the 30 s window) still gets it, loaded at its first use
(``TokenizerFile``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

CONTEXT_TOKENS = 448
"""Whisper's decoder context: an initial prompt takes at most half of it."""


def _byte_of_char() -> dict[str, int]:
    """GPT-2's byte-level alphabet (what ``tokenizers``' ByteLevel decoder inverts): printable bytes stand
    for themselves, the others for code points from 256 up."""
    printable = {*range(0x21, 0x7F), *range(0xA1, 0xAD), *range(0xAE, 0x100)}  # ! to ~, ¡ to ¬, ® to ÿ
    chars: dict[str, int] = {}
    extra = 0
    for byte in range(256):
        if byte in printable:
            chars[chr(byte)] = byte
        else:
            chars[chr(256 + extra)] = byte
            extra += 1
    return chars


class TokenizerFile:
    """Stands for a model's tokenizer (``WhisperModel.hf_tokenizer``) until faster-whisper's own pipeline
    asks it something: then it is loaded from ``path`` and kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._loaded: Any = None
        self._lock = threading.Lock()

    def load(self) -> Any:
        """A tokenizer of its own, not kept here (~0.3 s)."""
        import tokenizers

        return tokenizers.Tokenizer.from_file(str(self.path))

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if self._loaded is None:
                self._loaded = self.load()
        return getattr(self._loaded, name)


@dataclass(frozen=True)
class WhisperTokens:
    """The ids a decode starts with and suppresses, and the text of the ids it returns."""

    start: tuple[int, ...]
    """The prompt (``<|startofprev|>`` and the household's words, or nothing), the start of transcript
    sequence (language, task) and ``<|notimestamps|>``: the decoder's first tokens."""
    eot: int
    """``<|endoftext|>``: it and every id above it (special tokens) are no text."""
    suppressed: tuple[int, ...]
    """faster-whisper's default ``suppress_tokens=[-1]``: symbols that are not speech, and the task tokens."""
    pieces: bytes
    """Every text token's bytes, one after another."""
    offsets: np.ndarray
    """Token ``i``'s bytes are ``pieces[offsets[i] : offsets[i + 1]]``."""

    def decode(self, ids: Iterable[int]) -> str:
        """The text of ``ids`` as the tokenizer writes it (special tokens left out; bytes that are not
        UTF-8, such as half a character the decoder stopped in, as U+FFFD)."""
        offsets, pieces = self.offsets, self.pieces
        data = b"".join(pieces[offsets[i] : offsets[i + 1]] for i in ids if 0 <= i < self.eot)
        return data.decode("utf-8", errors="replace")


def whisper_tokens(hf_tokenizer: Any, multilingual: bool, lang: str, prompt: str | None) -> WhisperTokens:
    """Ask ``hf_tokenizer`` (a ``tokenizers.Tokenizer``, or a ``TokenizerFile``: then loaded for this call
    only) what a decode needs, as faster-whisper would for ``lang``, the transcribe task and ``prompt``."""
    from faster_whisper.tokenizer import Tokenizer
    from faster_whisper.transcribe import get_suppressed_tokens

    source = hf_tokenizer.load() if isinstance(hf_tokenizer, TokenizerFile) else hf_tokenizer
    tokenizer = Tokenizer(source, multilingual, task="transcribe", language=lang if multilingual else None)
    start: list[int] = []
    if prompt:
        # as faster-whisper builds an initial prompt: after <|startofprev|>, at most half the context
        words = tokenizer.encode(" " + prompt.strip())[-(CONTEXT_TOKENS // 2 - 1) :]
        start = [tokenizer.sot_prev, *words]
    start += [*tokenizer.sot_sequence, tokenizer.no_timestamps]
    byte_of = _byte_of_char()
    texts = [bytes(byte_of[char] for char in source.id_to_token(i)) for i in range(tokenizer.eot)]
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum([len(text) for text in texts], out=offsets[1:])
    return WhisperTokens(
        start=tuple(start),
        eot=tokenizer.eot,
        suppressed=tuple(get_suppressed_tokens(tokenizer, [-1])),
        pieces=b"".join(texts),
        offsets=offsets,
    )
