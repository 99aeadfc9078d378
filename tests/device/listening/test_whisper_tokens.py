"""The device's Whisper token ids and text without the model's tokenizer kept (``WhisperTokens``): the same
ids and the same text as faster-whisper's tokenizer gives, on the packaged models' real tokenizers."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
import tokenizers
from faster_whisper.tokenizer import Tokenizer
from faster_whisper.transcribe import get_suppressed_tokens

from ting.device.stt.whisper import WhisperRecognizer, load_whisper
from ting.device.stt.whisper_tokens import TokenizerFile, whisper_tokens
from ting.device.wav import read_wav

from .conftest import Speech

PROMPT = {"zh": "把客厅的灯打开。现在几点了？", "en": "Turn on the living room light. What time is it?"}
TEXTS = ["把卧室的灯关掉", " 现在几点了？", "二十三点五度，７:40", " turn on the light at 7:30", "é ü 😀 ♪"]


@pytest.fixture(scope="module")
def models_dir(whisper_models_dir: Path) -> Path:
    return whisper_models_dir


@pytest.mark.parametrize(("name", "lang"), [("base", "zh"), ("tiny.en", "en")])
def test_the_ids_and_the_text_are_the_tokenizers(models_dir: Path, name: str, lang: str) -> None:
    path = models_dir / f"faster-whisper-{name}" / "tokenizer.json"
    multilingual = name == "base"
    tokens = whisper_tokens(TokenizerFile(path), multilingual, lang, PROMPT[lang])
    kept = Tokenizer(
        tokenizers.Tokenizer.from_file(str(path)),
        multilingual,
        task="transcribe",
        language=lang if multilingual else None,
    )
    words = kept.encode(" " + PROMPT[lang])
    assert tokens.start == (kept.sot_prev, *words, *kept.sot_sequence, kept.no_timestamps)
    assert tokens.suppressed == tuple(get_suppressed_tokens(kept, [-1])) and tokens.eot == kept.eot
    assert [tokens.decode([i]) for i in range(kept.eot)] == [kept.decode([i]) for i in range(kept.eot)]
    draw = random.Random(14)
    for _ in range(500):  # special ids among text ids; half characters where a sequence is cut
        ids = [draw.randrange(kept.eot + 200) for _ in range(draw.randrange(1, 10))]
        assert tokens.decode(ids) == kept.decode(ids), ids
    for text in TEXTS:
        ids = kept.encode(text)
        assert tokens.decode(ids) == text
        assert [tokens.decode(ids[:cut]) for cut in range(len(ids))] == [
            kept.decode(ids[:cut]) for cut in range(len(ids))
        ]


def test_a_loaded_model_keeps_no_tokenizer_until_fasterwhispers_pipeline_asks(
    models_dir: Path, tmp_path: Path, spoken: Speech
) -> None:
    # a folder of its own (links): load_whisper shares a model per folder, other tests' use left out
    folder = tmp_path / "faster-whisper-tiny.en"
    folder.mkdir()
    for file in (models_dir / "faster-whisper-tiny.en").iterdir():
        os.link(file, folder / file.name)
    model = load_whisper(folder, threads=2)
    assert isinstance(model.hf_tokenizer, TokenizerFile)
    pcm = read_wav(spoken("what time is it", voice="en-us"))
    device = WhisperRecognizer(model, "en", prompt=PROMPT["en"], window_seconds=10.0)
    assert device.transcribe(pcm).text == "what time is it"
    assert model.hf_tokenizer._loaded is None
    whole_window = WhisperRecognizer(model, "en", window_seconds=30.0)
    assert whole_window.transcribe(pcm).text == "what time is it"
    assert isinstance(model.hf_tokenizer._loaded, tokenizers.Tokenizer)
