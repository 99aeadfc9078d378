"""Whisper's hallucinations taken out of a Mandarin transcript: the prompt written back, and decoding loops
(the transcripts are ones Whisper base wrote for dev-set commands, docs/benchmarks.md)."""

from __future__ import annotations

from ting.device.stt.echo import prompt_sentences, without_hallucinations, without_loops, without_prompt_echo
from ting.device.stt.particles import CLAUSE_BREAK
from ting.device.stt.whisper import normalize

PROMPT = "".join(
    (
        "把客厅的灯打开。卧室空调调到二十六度。现在几点了？",
        "明天天气怎么样？定一个早上七点的闹钟。播放音乐，暂停一下。",
    )
)
SENTENCES = [normalize(sentence, "zh").replace(CLAUSE_BREAK, "") for sentence in prompt_sentences(PROMPT)]
"""As the recognizer compares them: without clause breaks (a transcript's are taken out to compare too)."""


def test_the_prompts_sentences_are_split_at_their_ends() -> None:
    assert SENTENCES == [
        "把客厅的灯打开",
        "卧室空调调到二十六度",
        "现在几点了",
        "明天天气怎么样",
        "定一个早上七点的闹钟",
        "播放音乐暂停一下",
    ]
    assert prompt_sentences(None) == [] and prompt_sentences("") == []


def test_the_prompt_continued_past_a_sentence_end_is_cut_there() -> None:
    # 几点了 (said) ran on into the prompt's next sentences
    assert without_prompt_echo("几点了明天天气怎么样定一个早上七点", SENTENCES) == "几点了"
    assert without_prompt_echo("现在几点了明天天气怎么样", SENTENCES) == "现在几点了"


def test_what_was_said_is_kept_even_when_the_prompt_has_it() -> None:
    for said in ("把客厅的灯打开", "现在几点了", "明天天气怎么样", "定一个早上七点的闹钟", "关掉厨房灯"):
        assert without_hallucinations(said, SENTENCES) == said
    assert without_prompt_echo("几点了明", SENTENCES) == "几点了明"  # one character past the end: kept
    # the end of one sentence and the start of the next are a command too (打开 + 卧室空调): the prompt
    # goes on for 5 characters or more past a sentence end before it is an echo
    for said in ("打开卧室的灯", "打开卧室空调", "二十六度现在"):
        assert without_hallucinations(said, SENTENCES) == said
    assert without_prompt_echo("把灯打开", []) == "把灯打开"


def test_a_loop_is_kept_once_with_its_unfinished_last_round_dropped() -> None:
    assert without_loops("门锁门锁门锁门") == "门锁"
    looped = "几点了" + "明天天气怎么样定一个早上七点了" * 3 + "明天天气怎么样定一个早上"
    assert without_loops(looped) == "几点了明天天气怎么样定一个早上七"  # one round, from where it repeats
    assert without_hallucinations(looped, SENTENCES) == "几点了"


def test_speech_that_repeats_twice_and_numbers_are_not_loops() -> None:
    assert without_loops("起了起了别吵了") == "起了起了别吵了"
    assert without_loops("音量调到1000000") == "音量调到1000000"
    assert without_loops("") == ""
