"""``ting device`` leaves pypinyin's phrase dictionary unloaded, and reads Chinese the same without it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import ting

ROOT = Path(ting.__file__).resolve().parent.parent

# In a fresh interpreter, as ``ting device`` starts: the device's NLU built, then the sound keys of every
# Chinese character of the device's vocabulary (argv[2]), and whether the phrase dictionary was loaded.
PROBE = """
import json, sys
if sys.argv[1] == "lean":
    from ting.cli.device import lean_pinyin
    lean_pinyin()
from ting.device.nlu import DeviceNlu
from ting.nlu.language import is_cjk
from ting.nlu.phonetic import sound_keys
from ting.settings import Settings
DeviceNlu(Settings())
text = open(sys.argv[2], encoding="utf-8").read()
keys = {ch: sorted(sound_keys(ch)) for ch in sorted({ch for ch in text if is_cjk(ch)})}
print(json.dumps({"phrases": "pypinyin.phrases_dict" in sys.modules, "keys": keys}, ensure_ascii=False))
"""


def _probe(mode: str, vocabulary: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, mode, str(vocabulary)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_the_device_reads_chinese_the_same_without_the_phrase_dictionary(tmp_path: Path) -> None:
    sources = [ROOT / "ting" / "data" / "demo-home.yaml", *sorted(ROOT.glob("skills/*/sentences/zh*.yaml"))]
    vocabulary = tmp_path / "vocabulary.txt"
    vocabulary.write_text("\n".join(path.read_text(encoding="utf-8") for path in sources), encoding="utf-8")
    full = _probe("full", vocabulary)
    lean = _probe("lean", vocabulary)
    assert full["phrases"] is True and lean["phrases"] is False
    keys = lean["keys"]
    assert isinstance(keys, dict) and len(keys) > 200
    assert keys == full["keys"]
