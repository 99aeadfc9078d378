"""Sound-alikes and rooms in wake word training, and the one trigger rule (``Trigger``) of detector and bench.

Real espeak-ng for the phonemes and the speech. The detector's use of ``Trigger`` is tested with a trained
model in test_wake_trained.py (a wake needs two windows in a row).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from ting.device.wake.look_alikes import phonemes, sound_alikes
from ting.device.wake.synthetic import Voice, espeak, reverberate, speech_bounds
from ting.device.wake.texts import hard_negatives
from ting.device.wake.trained import Trigger
from ting.device.wake.training import TrainingPlan, clip_audio, plan_clips

SAID_SOUND_ALIKES = ("hey ping", "pay ting", "hey tang")
"""Words whose sounds are among training's sound-alikes of "hey ting" (one phoneme changed)."""


def test_english_sound_alikes_change_one_phoneme_and_espeak_says_them_as_the_words() -> None:
    made = sound_alikes("en", "hey ting")
    phrase = phonemes("hey ting", "en-us").split()
    changed = [text for text in made if text.startswith("[[")]
    assert {"hey", "ting"} <= set(made) and len(changed) >= 12
    for text in changed:
        said = text[2:-2].split()
        assert said != phrase and len(said) == len(phrase)
        assert sum(a != b for a, b in zip(said, phrase, strict=True)) == 1, text  # one word touched
    for words in SAID_SOUND_ALIKES:  # espeak-ng reads the phoneme string as it says the words
        assert f"[[{phonemes(words, 'en-us')}]]" in made, words
    short = espeak("[[h'eI p'IN]]", Voice("en-gb-scotland", "f2"))
    assert 0.3 < len(short) / 16000 < 1.5 and np.abs(short).max() > 3000


def test_mandarin_sound_alikes_are_other_tones_changed_sounds_and_parts_in_pinyin() -> None:
    made = sound_alikes("zh", "小听小听")
    voice = "cmn-latn-pinyin"
    assert phonemes("xiao3 ting1 xiao3 ting1", voice) == phonemes("小听小听", voice)  # pinyin is the phrase
    assert "xiao3 ting1 xiao3 ting1" not in made
    assert {"xiao3 ting2 xiao3 ting2", "xiao3 ting2 xiao3 ting1", "xiao3 ting1", "ting1"} <= set(made)
    assert {"xiao3 ding1 xiao3 ding1", "xiao3 qing1 xiao3 qing1"} <= set(made)
    assert phonemes("xiao3 ting2 xiao3 ting2", voice) == phonemes("小亭小亭", voice)  # a tone away


def plan(clips_per_voice: int) -> TrainingPlan:
    # no near misses and given read text: the plan is made without parsing the standard library
    return TrainingPlan(
        "hey ting",
        "en",
        voices=("en-us", "en"),
        clips_per_voice=clips_per_voice,
        near_misses=0,
        negative_minutes=1.0,
        negative_text=("a sentence of read text that does not say the phrase at all today",),
        sound_alikes_per_positive=0.5,
        room_share=0.25,
    )


def test_sound_alike_clips_scale_with_the_positives() -> None:
    made = sound_alikes("en", "hey ting")
    also_in_yaml = set(made) & set(hard_negatives("en", "hey ting"))  # "hey", "ting": from every voice
    for clips_per_voice in (3, 12):
        clips = plan_clips(plan(clips_per_voice))
        positives = sum(clip.label for clip in clips)
        alikes = [clip.texts[0] for clip in clips if clip.label == 0 and clip.texts and clip.texts[0] in made]
        assert positives == 2 * 8 * clips_per_voice
        # half a sound-alike per positive, whatever the size
        assert len(alikes) == positives // 2 + 2 * len(also_in_yaml)
        assert set(alikes) == set(made)  # each one heard even by a small training
    none = plan_clips(replace(plan(2), sound_alikes_per_positive=0.0))
    assert not any(clip.texts and clip.texts[0] in set(made) - also_in_yaml for clip in none)


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(samples**2)))


def test_a_room_keeps_the_loudness_and_adds_its_echoes_after_the_phrase() -> None:
    speech = espeak("hey ting", Voice("en-us"))
    heard = reverberate(speech, 0.5, seed=3)
    assert len(heard) == len(speech) + 8000
    assert rms(heard) == pytest.approx(rms(speech), rel=0.1)
    _, end = speech_bounds(speech)
    after = slice(end + 160, end + 1760)  # the 100 ms after the last sound, past the decay of its own samples
    assert rms(heard[after]) > 30 and rms(heard[after]) > 10 * rms(speech[after])  # the room rings on
    assert not np.allclose(heard[: len(speech)], speech, atol=50)
    clips = plan_clips(plan(4))
    rooms = [clip for clip in clips if clip.room_seconds > 0]
    spoken = [clip for clip in clips if clip.texts]
    assert 0.15 < len(rooms) / len(spoken) < 0.35 and all(0.2 <= c.room_seconds <= 0.8 for c in rooms)
    positive = next(clip for clip in rooms if clip.label == 1)
    pcm, phrase_end = clip_audio(positive)
    dry, dry_end = clip_audio(replace(positive, room_seconds=0.0))
    assert phrase_end == dry_end and len(pcm) > len(dry)


def test_trigger_needs_the_windows_in_a_row_then_waits_the_cooldown() -> None:
    scores = [0.0, 3.0, 0.0, 3.0, 3.0, 3.0, 3.0, 0.0, 3.0, 3.0]
    assert Trigger(2.5, steps=1).count(scores) == 7
    assert Trigger(2.5, steps=2).count(scores) == 3  # at 4, 6 (the run starts again after a wake) and 9
    assert Trigger(2.5, steps=2, cooldown_steps=3).count(scores) == 2  # 4; 6 is too soon; 9
    assert Trigger(2.5, steps=2, cooldown_steps=6).count(scores) == 1
    assert [Trigger(2.5, steps=3).feed(s) for s in (3.0, 3.0)] == [False, False]
    with pytest.raises(ValueError, match="trigger_steps"):
        Trigger(2.5, steps=0)
