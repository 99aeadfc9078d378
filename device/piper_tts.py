"""Piper (``piper-tts``): a neural voice run by onnxruntime on the CPU, one ``PiperSynthesizer`` per voice.

Piper phonemizes with the espeak-ng library and data it ships (its ``cmn`` is newer than Debian's 1.51 and
reads characters as Mandarin), so a voice trained on espeak phonemes (``en_US-joe-medium``,
``zh_CN-huayan-medium``) needs nothing else. Voices whose config says ``"phoneme_type": "pinyin"`` use g2pW
instead, whose model Piper downloads on first use: offline they fail to load, and ting speaks that language
with espeak-ng (docs/voices.md).
"""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

import numpy as np

from ting.device.audio_out import encode_wav
from ting.device.tts import TtsError
from ting.device.voices import VoiceFiles

_LOGGER = logging.getLogger(__name__)
REPEATABLE_NOISE = 0.0
"""Piper's ``noise_scale`` and ``noise_w`` for repeatable audio. Its voices draw noise for every sound's
detail (``noise_scale``) and every phoneme's length (``noise_w``) from a random operator in the ONNX graph,
seeded anew in each process: one text said in two runs differs, and so did a classifier trained on it (the
alone check, ``ting.device.wake.alone_check``). Without the noise the voice is a little flatter, the words
the same, and the audio the same every run."""


class PiperSynthesizer:
    """``Synthesizer`` speaking with one Piper voice (``LanguageVoices`` picks the voice per language)."""

    engine_name = "piper"

    def __init__(
        self, voice: VoiceFiles, *, threads: int = 0, spinning: bool = False, repeatable: bool = False
    ) -> None:
        """Load the voice; ``TtsError`` saying which file and why when piper-tts or a voice file is missing or
        broken. ``threads``: onnxruntime's intra-op threads (0: its default, one per core); ``spinning``:
        onnxruntime's idle threads spin (its default) rather than sleep; ``repeatable``: the same text gives
        the same audio every run (no sampling noise, ``REPEATABLE_NOISE``): training audio, not answers."""
        self.voice = voice
        try:
            import onnxruntime
            from piper import PiperVoice
            from piper.config import PhonemeType, PiperConfig, SynthesisConfig
        except ImportError as error:
            raise TtsError(
                f"piper-tts is not installed ({error}); pip install 'ting-voice[device]'"
            ) from None
        for path in (voice.model, voice.config):
            if not path.is_file():
                raise TtsError(f"Piper voice {voice.name}: {path} is missing")
        try:
            config = PiperConfig.from_dict(json.loads(voice.config.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise TtsError(
                f"Piper voice {voice.name}: {voice.config} is not a Piper voice config ({error!r})"
            ) from None
        if config.phoneme_type not in (PhonemeType.ESPEAK, PhonemeType.TEXT):
            # pinyin (g2pW) and the others download their phonemizer model on first use: not offline
            raise TtsError(
                f"Piper voice {voice.name}: phoneme type {config.phoneme_type.value!r} needs a phonemizer "
                "model Piper downloads at run time; use a voice with espeak phonemes (docs/voices.md)"
            )
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        # Idle worker threads sleep instead of spinning: spinning took CPU from the other threads of a busy
        # 2-core box (and would from the microphone's pipeline on a Pi); "Good morning," 524 -> 343 ms
        # median under load 14 (bench/tts_latency.py).
        spin = "1" if spinning else "0"
        options.add_session_config_entry("session.intra_op.allow_spinning", spin)
        options.add_session_config_entry("session.inter_op.allow_spinning", spin)
        try:
            session = onnxruntime.InferenceSession(
                str(voice.model), sess_options=options, providers=["CPUExecutionProvider"]
            )
        except Exception as error:  # onnxruntime raises its own Fail / InvalidProtobuf / RuntimeError
            raise TtsError(f"Piper voice {voice.name}: {voice.model} cannot be loaded ({error})") from None
        self._piper: Any = PiperVoice(session=session, config=config)
        self._config: Any = (
            SynthesisConfig(noise_scale=REPEATABLE_NOISE, noise_w_scale=REPEATABLE_NOISE)
            if repeatable
            else None
        )
        self.sample_rate_hz: int = config.sample_rate
        self._lock = threading.Lock()  # Piper's phonemizer is one process-wide espeak-ng: one text at a time

    def synthesize(self, text: str, lang: str) -> bytes:
        with self._lock:
            try:
                pieces = [chunk.audio_int16_array for chunk in self._piper.synthesize(text, self._config)]
            except Exception as error:  # onnxruntime / phonemizer failures on odd input
                raise TtsError(f"Piper voice {self.voice.name} failed on {text[:40]!r}: {error!r}") from None
        if not pieces:
            raise TtsError(f"Piper voice {self.voice.name} made no audio for {text[:40]!r}")
        samples = np.concatenate(pieces).astype(np.int16)
        return encode_wav(samples, self.sample_rate_hz)
