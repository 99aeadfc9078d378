"""``ting demo`` with the audio pipeline in front: each script line is spoken by espeak-ng (the device's
own TTS engine), "hey ting" + pause + command, and streamed in real time into a device agent for the
line's site: capture → wake word → VAD → speech recognition → device NLU → MQTT → server → skill →
TTS into a ``RecordingSink``. Every step is printed with the time since the previous one.

A language with no speech model here (Chinese needs a Vosk model) is not faked: the line is said to
be sent as text, and goes through ``hermes/nlu/query`` as in ``ting demo --text``.
"""

from __future__ import annotations

import asyncio
import subprocess
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ting.device.agent import AgentEvent, DeviceAgent
from ting.device.audio_in import WavFileSource
from ting.device.audio_out import RecordingSink
from ting.device.interfaces import SpeechRecognizer, Synthesizer
from ting.device.nlu import DeviceNlu
from ting.device.parts import build_parts
from ting.errors import TingError
from ting.settings import Settings

VOICES = {"en": "en-us+f3", "zh": "cmn-latn-pinyin"}
"""espeak-ng voices for the spoken lines (PocketSphinx's spotter hears "hey ting" best in en-us+f3)."""
DEMO_WAKE_SENSITIVITY = 0.9
"""Synthetic speech is far from the acoustic models' training data: wake easily in the demo."""


def speech_model_missing(settings: Settings, lang: str) -> str | None:
    """Why ``lang`` cannot be recognized from audio here (None: it can)."""
    from ting.device.stt import recognizer_missing

    missing = recognizer_missing(settings.device, lang)
    if missing is None:
        return None
    language = {"zh": "Chinese", "en": "English"}.get(lang, lang)
    return f"no {language} speech model ({missing})"


def spoken_command(lang: str, wake_phrase: str, text: str, scratch: Path) -> Path:
    """1 s silence, the wake phrase, 0.7 s, the command, 1.5 s: 16 kHz WAV made with espeak-ng + sox."""
    parts = []
    for phrase in (wake_phrase, text):
        path = scratch / f"{uuid.uuid4().hex}.wav"
        subprocess.run(["espeak-ng", "-v", VOICES.get(lang, lang), "-w", str(path), phrase], check=True)
        parts.append(str(path))
    pads = []
    for seconds in (1.0, 0.7, 1.5):
        pad = scratch / f"pad-{seconds}.wav"
        if not pad.exists():
            silence = ["-R", "-n", "-r", "22050", "-c", "1", "-b", "16", str(pad), "trim", "0", str(seconds)]
            subprocess.run(["sox", *silence], check=True)
        pads.append(str(pad))
    out = scratch / f"{uuid.uuid4().hex}-line.wav"
    # -R: sox dithers what it writes, randomly without it (the same line heard as light/lights run to run)
    subprocess.run(
        ["sox", "-R", pads[0], parts[0], pads[1], parts[1], pads[2], "-r", "16000", str(out)], check=True
    )
    return out


class AudioDemo:
    """One device agent per line (at the line's site), sharing the NLU and the speech recognizers."""

    def __init__(self, settings: Settings, out: TextIO) -> None:
        phrases = {
            lang: phrase
            for lang, phrase in settings.device.wake_phrases.items()
            if speech_model_missing(settings, lang) is None
        }
        device = replace(
            settings.device,
            wake_phrases=phrases,
            wake_sensitivity=DEMO_WAKE_SENSITIVITY,
            answer_timeout_seconds=15.0,
        )
        self.settings = replace(settings, device=device)
        self.out = out
        self.nlu = DeviceNlu(self.settings)
        self._recognizers: dict[tuple[str, str | None, tuple[str, ...] | None], SpeechRecognizer] = {}
        """Shared by the lines' agents, per language and grammar (an agent builds one at start, before
        the server's grammar may have arrived, and again when it does)."""
        self._synthesizer: Synthesizer | None = None
        """Shared too: a Piper voice is loaded once, not for every line."""
        self.scratch = Path(tempfile.mkdtemp(prefix="ting-demo-audio-"))
        self._base = build_parts(self.settings.device, self.nlu, sink=self.sink())

    @staticmethod
    def sink() -> RecordingSink:
        return RecordingSink(time_scale=0)

    def shared_recognizer(self, lang: str) -> SpeechRecognizer:
        """One recognizer per language and grammar for every agent of the demo."""
        phrases = self.nlu.phrases(lang)
        key = (lang, self.nlu.jsgf(lang), None if phrases is None else tuple(phrases))
        if key not in self._recognizers:
            self._recognizers[key] = self._base.make_recognizer(lang)
        return self._recognizers[key]

    def shared_synthesizer(self) -> Synthesizer:
        if self._synthesizer is None:
            self._synthesizer = self._base.make_synthesizer()
        return self._synthesizer

    async def say_line(self, site: str, lang: str, text: str) -> None:
        wake_phrase = self.settings.device.wake_phrases.get(lang, "hey ting")
        wav = await asyncio.to_thread(spoken_command, lang, wake_phrase, text, self.scratch)
        print(f"    ♪ espeak-ng ({VOICES.get(lang, lang)}): “{wake_phrase}” … “{text}”", file=self.out)
        device = replace(self.settings.device, site_id=site)
        sink = self.sink()
        synthesizer = self.shared_synthesizer()
        parts = replace(
            build_parts(device, self.nlu, sink=sink),
            open_source=lambda: WavFileSource(wav, realtime=True),
            make_recognizer=self.shared_recognizer,
            make_synthesizer=lambda: synthesizer,
        )
        last = [0.0]

        def show(event: AgentEvent) -> None:
            if event.kind != "wake" and not last[0]:
                return  # e.g. an answer for this site queued while no agent was there
            step = f"+{(event.monotonic - last[0]) * 1000:5.0f} ms" if last[0] else " " * 9
            last[0] = event.monotonic
            if event.kind in ("said", "idle", "listening"):
                return
            print(f"    {step}  {event.kind:<14} {event.detail}", file=self.out, flush=True)

        agent = DeviceAgent(replace(self.settings, device=device), parts, self.nlu, on_event=show)
        await agent.run()
        if not any(p.seconds > 0.4 for p in sink.played):
            raise TingError(f"no spoken answer to {text!r} at {site}")
        spoken = sum(p.seconds for p in sink.played if p.seconds > 0.4)
        describe = getattr(synthesizer, "describe", None)
        voice = f" by {describe(lang)}" if describe else ""
        print(f"    ♪ answer spoken{voice} into the RecordingSink: {spoken:.1f} s of audio", file=self.out)
