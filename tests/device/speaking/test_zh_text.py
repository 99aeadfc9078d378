"""Mandarin text for speech: numbers, dates, times, units, percentages as people read them (tables), and the
polyphones as Piper's Mandarin phonemizer (espeak-ng ``cmn``, the library piper-tts ships) pronounces them."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest

from ting.device.synthesis import speakable
from ting.device.zh_text import normalize_zh, read_integer, read_time

NUMBERS = [
    (0, "零"),
    (7, "七"),
    (10, "十"),
    (15, "十五"),
    (26, "二十六"),
    (100, "一百"),
    (110, "一百一十"),
    (1005, "一千零五"),
    (1010, "一千零一十"),
    (2000, "两千"),
    (20000, "两万"),
    (120000, "十二万"),
    (100000001, "一亿零一"),
    (-3, "负三"),
]

TIMES = [
    ((7, 30), "七点半"),
    ((7, 5), "七点零五分"),
    ((2, 0), "两点"),
    ((19, 45), "十九点四十五分"),
    ((0, 15), "零点十五分"),
]

TEXTS = [
    ("2026年12月1日", "二〇二六年十二月一日"),
    ("会议在2026-12-01", "会议在二〇二六年十二月一日"),
    ("明天7:30叫我", "明天七点半叫我"),
    ("现在是19:45:30", "现在是十九点四十五分三十秒"),
    ("下午2:05", "下午两点零五分"),
    ("今天26°C", "今天二十六度"),
    ("气温-3℃", "气温零下三度"),
    ("20-25°C", "二十到二十五度"),
    ("湿度50%", "湿度百分之五十"),
    ("电量12.5%", "电量百分之十二点五"),
    ("圆周率3.14", "圆周率三点一四"),
    ("走了5km", "走了五公里"),
    ("2个人", "两个人"),
    ("播放第2首", "播放第二首"),
    ("拨打13800138000", "拨打一三八零零一三八零零零"),
    ("打开WiFi", "打开WiFi"),
    ("放一首Taylor Swift的歌", "放一首Taylor Swift的歌"),
    ("25:99 不是时间", "二十五:九十九 不是时间"),
    ("没有数字。", "没有数字。"),
]


@pytest.mark.parametrize(("number", "spoken"), NUMBERS)
def test_integers(number: int, spoken: str) -> None:
    assert read_integer(number) == spoken


@pytest.mark.parametrize(("time", "spoken"), TIMES)
def test_times(time: tuple[int, int], spoken: str) -> None:
    assert read_time(*time) == spoken


@pytest.mark.parametrize(("text", "spoken"), TEXTS)
def test_texts(text: str, spoken: str) -> None:
    assert normalize_zh(text) == spoken


def test_only_mandarin_is_normalized() -> None:
    assert speakable("It is 7:30 and 26°C", "en") == "It is 7:30 and 26°C"
    assert speakable("现在7:30", "zh") == "现在七点半"


# Pinyin syllable -> how espeak-ng cmn writes it in IPA (tone digits: 2 = third tone, ɜ = second tone)
HANG, XING = "χɑɜŋ", "ɕiɜŋ"
CHANG, ZHANG = "ts.hɑɜŋ", "ts.ɑ2ŋ"
ZHONG, CHONG = "ts.onɡ5", "ts.honɡɜ"
POLYPHONES = [
    ("银行", HANG, XING),
    ("行业", HANG, XING),
    ("一行字", HANG, XING),  # espeak-ng alone says xíng: fixed by RESPELLINGS
    ("行走", XING, HANG),
    ("自行车", XING, HANG),
    ("长城", CHANG, ZHANG),
    ("很长", CHANG, ZHANG),
    ("长大", ZHANG, CHANG),
    ("校长", ZHANG, CHANG),
    ("重要", ZHONG, CHONG),
    ("重量", ZHONG, CHONG),
    ("重新", CHONG, ZHONG),
    ("重复", CHONG, ZHONG),
    ("便宜", "phiɛɜn", "piɛ5n"),  # pián, not biàn: RESPELLINGS
    ("角色", "tɕyɛɜ", "tɕjɑu2"),  # jué, not jiǎo: RESPELLINGS
    ("还钱", "χuaɜn", "χaiɜ"),  # huán, not hái: RESPELLINGS
    ("还有", "χaiɜ", "χuaɜn"),
]


@pytest.fixture(scope="module")
def cmn_phonemes() -> Callable[[str], str]:
    """What Piper feeds an espeak-phoneme Mandarin voice (zh_CN-huayan-*), stress marks left out."""
    from piper.phonemize_espeak import EspeakPhonemizer

    phonemizer = EspeakPhonemizer()

    def phonemes(text: str) -> str:
        joined = "".join("".join(sentence) for sentence in phonemizer.phonemize("cmn", text))
        return unicodedata.normalize("NFC", joined.replace("ˈ", "").replace("ˌ", ""))

    return phonemes


@pytest.mark.parametrize(("word", "right", "wrong"), POLYPHONES, ids=[p[0] for p in POLYPHONES])
def test_polyphones_as_piper_phonemizes_them(
    cmn_phonemes: Callable[[str], str], word: str, right: str, wrong: str
) -> None:
    said = cmn_phonemes(speakable(word, "zh"))
    assert right in said and wrong not in said, said


def test_english_inside_mandarin_is_phonemized_as_english(cmn_phonemes: Callable[[str], str]) -> None:
    said = cmn_phonemes(speakable("打开WiFi", "zh"))
    assert "waɪ" in said and "faɪ" in said, said
