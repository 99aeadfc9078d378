"""The NLU as the recognizers' judge and as the tests' reader of transcripts; the device's English hybrid
judged by it."""

from __future__ import annotations

from pathlib import Path

from ting.cli.nlu import household_of, sentence_data
from ting.device.interfaces import Transcript, TranscriptJudge
from ting.device.stt import build_recognizer
from ting.device.stt.hybrid import HybridRecognizer
from ting.device.stt.prompt import household_prompt
from ting.device.transcript_judge import transcript_confidence
from ting.nlu import IntentRecognizer
from ting.server.grammar import announcement
from ting.settings import DeviceSettings, Settings


def nlu_judge(nlu: IntentRecognizer, lang: str) -> TranscriptJudge:
    """The device's judge of a transcript (``ting.device.transcript_judge``): the NLU's confidence in it as
    the device weighs it, with the recognizer's confidence in it, 0 when it understands nothing."""

    def judge(heard: Transcript) -> float:
        return transcript_confidence(nlu, heard.text, lang, asr_confidence=heard.confidence)

    return judge


def intent_of(nlu: IntentRecognizer, text: str, lang: str = "en") -> str:
    """The intent ``text`` is read as, "" when none."""
    found = nlu.recognize(text, lang=lang)
    return found.intent_name if found is not None else ""


def english_hybrid(models_dir: Path, nlu: IntentRecognizer) -> HybridRecognizer:
    """The device's default English pipeline (Whisper first, then PocketSphinx's grammar) on the demo
    household's grammar, with the household's prompt, judged as the device judges."""
    settings = Settings()
    grammar = announcement(sentence_data(settings), household_of(settings), "en")
    device = DeviceSettings(models_dir=models_dir, whisper_threads=2, stt_engine="hybrid")
    prompt = household_prompt(nlu.household, "en", max_chars=device.whisper_prompt_max_chars)
    built = build_recognizer(
        device, "en", phrases=grammar.vosk, jsgf=grammar.jsgf, prompt=prompt, judge=nlu_judge(nlu, "en")
    )
    assert isinstance(built, HybridRecognizer)
    return built
