"""Whisper's hallucinations on a command, taken out of its transcript: its initial prompt written back, and a
decoding loop.

On audio it cannot place (babble, a filler, a short word at the end) Whisper base goes on writing what
came before the audio, i.e. the household prompt: 几点了 came out as
几点了明天天气怎么样定一个早上七点了明天天气怎么样… (the prompt's 明天天气怎么样？定一个早上七点的闹钟。
again and again). Nobody says the end of one of the prompt's sentences and most of the next in one breath,
so a run of the transcript that is also a run of the prompt *across a sentence boundary*, going on for
a few characters past it, is an echo, and goes (打开卧室的灯 is a command: 打开 ends a sentence of the
prompt and 卧室 starts the next); so does a piece repeated three times or more in a row (kept once). Text
is compared as ``normalize`` leaves it, without its clause breaks (no punctuation or spaces).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MIN_SIDE_CHARS = 2
"""Characters of the prompt run needed before a sentence boundary to call it an echo."""
MIN_ECHO_CHARS = 5
"""Characters of the prompt run needed after the boundary (what is cut): an echo goes on for a sentence
(明天天气怎么样), while a command may hold a sentence's end and the next one's start (打开 + 卧室空调)."""
MIN_LOOP_CHARS = 2
LOOP_REPEATS = 3
"""A piece of at least ``MIN_LOOP_CHARS`` said this many times in a row is a loop (起了起了 is speech)."""
_SENTENCE_END = re.compile(r"[。？！；.?!;]+")


def prompt_sentences(prompt: str | None) -> list[str]:
    """The prompt's sentences, each as raw text (the caller normalizes them as it does transcripts)."""
    return [piece for piece in _SENTENCE_END.split(prompt or "") if piece.strip()]


def without_loops(text: str) -> str:
    """``text`` with any piece repeated ``LOOP_REPEATS``+ times in a row kept once, and the unfinished
    repetition after it (the decoder stopped at its token bound mid-piece) dropped."""
    start = 0
    while start < len(text):
        for size in range(MIN_LOOP_CHARS, (len(text) - start) // LOOP_REPEATS + 1):
            piece = text[start : start + size]
            if piece.isdigit():
                continue  # 1000000 is a number, not a loop of 00
            if text[start + size : start + LOOP_REPEATS * size] != piece * (LOOP_REPEATS - 1):
                continue
            end = start + size
            while text.startswith(piece, end):
                end += size
            rest = text[end:]
            shared = 0
            while shared < len(rest) and shared < size and rest[shared] == piece[shared]:
                shared += 1
            return text[: start + size] + without_loops(rest[shared:])
        start += 1
    return text


def without_prompt_echo(text: str, sentences: Sequence[str]) -> str:
    """``text`` without what follows the first sentence boundary in any run that is also a run of the
    joined ``sentences`` (normalized like ``text``) spanning the end of one and the start of the next,
    ``MIN_SIDE_CHARS`` before the boundary and ``MIN_ECHO_CHARS`` after it."""
    joined = "".join(sentences)
    boundaries, at = [], 0
    for sentence in sentences[:-1]:
        at += len(sentence)
        boundaries.append(at)
    if not boundaries or not text:
        return text
    echo = [False] * len(text)
    for i in range(len(text)):
        for j in range(len(joined)):
            if text[i] != joined[j] or (i > 0 and j > 0 and text[i - 1] == joined[j - 1]):
                continue  # not the start of a maximal common run
            length = 0
            most = min(len(text) - i, len(joined) - j)
            while length < most and text[i + length] == joined[j + length]:
                length += 1
            crossed = [b for b in boundaries if j + MIN_SIDE_CHARS <= b <= j + length - MIN_ECHO_CHARS]
            if crossed:
                # what precedes the first boundary may be what was said (几点了 before 明天天气怎么样)
                cut = i + crossed[0] - j
                echo[cut : i + length] = [True] * (i + length - cut)
    return "".join(char for char, dropped in zip(text, echo, strict=True) if not dropped)


def without_hallucinations(text: str, sentences: Sequence[str]) -> str:
    """Loops kept once, then the prompt's echo taken out."""
    return without_prompt_echo(without_loops(text), sentences)
