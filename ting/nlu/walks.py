"""One random stream per template for the seeded walks through the templates (the second pass's training
sentences, ``fallback.samples``). Vosk's phrase list (``grammar.phrases``) still walks with one shared
stream: the device's Mandarin sound-alike chooser is built from those phrases, and which runs it knows
hangs on the draw (with a stream per template, 泡面的即时器关门 became 泡眠的计时器关了), so it waits for a
phrase list that covers what it needs by construction.

With one stream shared by every template, a template's walks depended on every template drawn before it: a
template added in one skill, or in the other language, moved the walks of every later template (stop 36:
two Mandarin templates added cost English leave-one-out two false accepts with no English change). A
template's stream is seeded from what the template is, so only a change of its own moves its walks.
"""

from __future__ import annotations

import random
from collections import Counter

_SEPARATOR = "\x1f"


class WalkStreams:
    """Hands out a template's stream by what the template is (``identity``: its language, intent, fixed
    slots and expression). The seed is text: ``random.Random`` hashes a str seed with SHA-512, the same in
    every process and Python run (``hash()`` is salted per process)."""

    def __init__(self, seed: int) -> None:
        self._seed = str(seed)
        self._seen: Counter[str] = Counter()

    def stream(self, *identity: object) -> random.Random:
        """The stream of the template ``identity`` names; a template said twice (the same identity)
        gets a second stream, not the first one again (its walks would only repeat the first's)."""
        key = _SEPARATOR.join([self._seed, *(repr(part) for part in identity)])
        self._seen[key] += 1
        return random.Random(f"{key}{_SEPARATOR}{self._seen[key]}")
