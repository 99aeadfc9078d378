"""Traditional to simplified Chinese with the zh-CN table alone: the same text as zhconv's zh-cn conversion,
without zhconv's whole dictionary (or zhconv itself) in memory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import zhconv

import ting
from ting.nlu import tokenize
from ting.nlu.simplified import dictionary_file, to_simplified_cn

ROOT = Path(ting.__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "simplified"),
    [
        ("臥室燈", "卧室灯"),
        ("把臥室的燈關掉。", "把卧室的灯关掉。"),
        ("開燈", "开灯"),
        ("我幹什麼不干你事。", "我干什么不干你事。"),  # phrase-aware: 幹 → 干 in 幹什麼
        ("頭髮", "头发"),
        ("播放周杰倫的晴天", "播放周杰伦的晴天"),
        ("把卧室的灯关掉", "把卧室的灯关掉"),  # simplified stays as it is
        ("turn on 2 lights, 23.5度", "turn on 2 lights, 23.5度"),
        ("", ""),
    ],
)
def test_converts_as_before(text: str, simplified: str) -> None:
    assert to_simplified_cn(text) == simplified
    assert zhconv.convert(text, "zh-cn") == simplified


def test_same_as_zhconv_on_every_phrase_of_its_dictionary() -> None:
    tables = json.loads(dictionary_file().read_bytes())
    pairs = [pair for table in tables.values() if isinstance(table, dict) for pair in table.items()]
    texts = sorted({text for pair in pairs for text in pair})
    assert len(texts) > 20_000
    differing = [text for text in texts if to_simplified_cn(text) != zhconv.convert(text, "zh-cn")]
    assert differing == []
    # run together, phrases meet at their edges: the longest match must win there too
    joined = "的".join(texts[::3]) + "".join(texts[1::3])
    assert to_simplified_cn(joined) == zhconv.convert(joined, "zh-cn")


def test_tokens_are_simplified_and_keep_their_spans() -> None:
    text = "打開臥室燈"
    tokens = tokenize(text)
    assert [token.text for token in tokens] == ["打", "开", "卧", "室", "灯"]
    assert [text[token.start : token.end] for token in tokens] == list(text)


# In a fresh interpreter: the NLU's tokenizer and the Whisper transcript's normalization on traditional
# text, then whether zhconv (its module imports pkg_resources, ~10 MB) or its whole dictionary came in.
PROBE = """
import json, sys
from ting.device.stt.whisper import normalize
from ting.nlu import tokenize
heard = normalize("把臥室的燈關掉。", "zh")
tokens = "".join(token.text for token in tokenize("打開臥室燈"))
print(json.dumps({"heard": heard, "tokens": tokens, "zhconv": "zhconv" in sys.modules,
    "pkg_resources": "pkg_resources" in sys.modules}, ensure_ascii=False))
"""


def test_neither_zhconv_nor_its_whole_dictionary_is_loaded() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True, cwd=ROOT
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "heard": "把卧室的灯关掉",
        "tokens": "打开卧室灯",
        "zhconv": False,
        "pkg_resources": False,
    }
