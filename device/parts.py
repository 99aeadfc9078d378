"""The agent's parts: the factories it is given (``DeviceParts``), and those made from settings (microphone
or WAV file, wake word, VAD, recognizers, TTS, speaker)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ting.device.interfaces import (
    AudioSink,
    AudioSource,
    SpeechEndpointer,
    SpeechRecognizer,
    Synthesizer,
    Transcript,
    WakeWordDetector,
)
from ting.device.music.output import MusicOutput
from ting.device.nlu import DeviceNlu
from ting.errors import SpeechModelError
from ting.settings import DeviceSettings, MediaSettings

_LOGGER = logging.getLogger(__name__)


@dataclass
class DeviceParts:
    """Factories for the hardware and engines (called again when a part is restarted)."""

    open_source: Callable[[], AudioSource]
    make_wake: Callable[[], WakeWordDetector]
    make_endpointer: Callable[[], SpeechEndpointer]
    make_recognizer: Callable[[str], SpeechRecognizer]
    """Per language (``en`` / ``zh``)."""
    make_synthesizer: Callable[[], Synthesizer]
    make_sink: Callable[[], AudioSink]
    make_music_output: Callable[[], MusicOutput] | None = None
    """Where music plays (None: this device has no music player)."""
    make_barge: Callable[[], WakeWordDetector] | None = None
    """Wake and stop phrases heard while speaking or playing music (None: no barge-in, the microphone is
    ignored while the device speaks)."""


def build_parts(
    settings: DeviceSettings,
    nlu: DeviceNlu,
    *,
    wav: Path | None = None,
    sink: AudioSink | None = None,
    media: MediaSettings | None = None,
) -> DeviceParts:
    """``wav``: stream that file in real time instead of the microphone. ``sink``: instead of the speaker."""
    from ting.device.audio_in import MicrophoneSource, WavFileSource
    from ting.device.audio_out import open_sink
    from ting.device.endpoint import VadEndpointer
    from ting.device.stt import GrammarEngines, build_recognizer, engine_for
    from ting.device.stt.prompt import household_prompt
    from ting.device.stt.whisper import WhisperModels
    from ting.device.synthesis import build_synthesizer
    from ting.device.wake import build_wake_detector
    from ting.device.wake.barge import BargeDetectors
    from ting.device.wake.shared_stream import FrontEnd

    front_end = FrontEnd()  # the trained models' embedding models, loaded once for every detector built
    whisper_models = WhisperModels()  # a recognizer rebuilt for a new grammar keeps its language's model
    grammar_engines = GrammarEngines()  # and its PocketSphinx, when the new grammar's JSGF is the same

    def open_source() -> AudioSource:
        if wav is not None:
            return WavFileSource(wav, realtime=True)
        return MicrophoneSource(settings.input_device)

    def make_recognizer(lang: str) -> SpeechRecognizer:
        phrases = nlu.phrases(lang)
        engine = engine_for(settings, lang)
        jsgf = nlu.jsgf(lang) if engine in ("pocketsphinx", "hybrid") else None
        prompt = household_prompt(nlu.household, lang, max_chars=settings.whisper_prompt_max_chars)

        def judge(heard: Transcript) -> float:
            return nlu.confidence(heard.text, lang, asr_confidence=heard.confidence)

        try:
            return build_recognizer(
                settings,
                lang,
                phrases=phrases,
                jsgf=jsgf,
                prompt=prompt,
                judge=judge,
                whisper_models=whisper_models,
                grammar_engines=grammar_engines,
            )
        except SpeechModelError as error:
            if not jsgf:
                raise
            # e.g. a server's JSGF with a word PocketSphinx cannot pronounce: the phrase list is
            # filtered word by word against the engine's dictionary instead
            _LOGGER.warning("the server's JSGF grammar is unusable (%s); using its phrase list", error)
            return build_recognizer(
                settings,
                lang,
                phrases=phrases,
                prompt=prompt,
                judge=judge,
                whisper_models=whisper_models,
                grammar_engines=grammar_engines,
            )

    return DeviceParts(
        open_source=open_source,
        make_wake=lambda: build_wake_detector(settings, lambda: front_end.shared().tap()),
        make_endpointer=lambda: VadEndpointer(
            silence_seconds=settings.silence_seconds,
            max_command_seconds=settings.max_command_seconds,
            no_speech_timeout_seconds=settings.no_speech_timeout_seconds,
            aggressiveness=settings.vad_aggressiveness,
        ),
        make_recognizer=make_recognizer,
        make_synthesizer=lambda: build_synthesizer(settings),
        make_sink=(lambda: sink) if sink is not None else (lambda: open_sink(settings.output_device)),
        make_music_output=lambda: open_music_output(
            None if sink is not None else settings.output_device,
            media or MediaSettings(),
            recorded=sink is not None,
        ),
        make_barge=BargeDetectors(settings, front_end) if settings.barge_in else None,
    )


def open_music_output(
    device: str | int | None, media: MediaSettings, *, recorded: bool = False
) -> MusicOutput:
    """The sound card at the music's rate, or a ``RecordingOutput`` when asked (answers are recorded too) or
    when there is none (a log line says so)."""
    from ting.device.music.output import MusicOutputError, RecordingOutput, SoundDeviceOutput

    if not recorded:
        try:
            return SoundDeviceOutput(device, rate_hz=media.output_rate_hz, channels=media.output_channels)
        except MusicOutputError as error:
            _LOGGER.warning("%s; music is recorded, not played", error)
    return RecordingOutput(rate_hz=media.output_rate_hz, channels=media.output_channels)
