"""Which stop and pause phrases sound like part of a wake phrase (``sound_alike``): the rule read off the
phrases' text, checked on the default phrases and on ones no list could hold."""

from __future__ import annotations

import pytest

from ting.device.wake.sound_alike import sounds_like_part_of, syllables
from ting.settings import DeviceSettings


def test_syllables_are_toneless_pinyin_and_lower_cased_words() -> None:
    assert syllables("暂停") == {"zan", "ting"}
    assert syllables("小听小听") == {"xiao", "ting"}
    assert syllables("Hey Ting!") == {"hey", "ting"}
    assert syllables("别说了") == {"bie", "shuo", "le"}
    assert syllables("be quiet 2") == {"be", "quiet"}


def test_of_the_default_phrases_only_those_with_the_sound_of_ting_contest_the_wake_phrases() -> None:
    settings = DeviceSettings()
    tables = (settings.stop_phrases, settings.pause_phrases)
    said = [phrase for table in tables for phrases in table.values() for phrase in phrases]
    contested = {
        phrase: sorted(wake for wake in settings.wake_phrases.values() if sounds_like_part_of(phrase, wake))
        for phrase in said
    }
    assert contested == {
        "stop": [],
        "be quiet": [],
        "别说了": [],
        "停": ["hey ting", "小听小听"],
        "别放了": [],
        "pause": [],
        "暂停": ["hey ting", "小听小听"],
    }


@pytest.mark.parametrize(
    ("phrase", "wake", "contests"),
    [
        ("停下", "hey ting", True),  # another character of the same sound as the wake word's
        ("亭", "小听小听", True),  # another character, same toneless syllable (ting2 vs ting1)
        ("安静", "小听小听", False),
        ("okay stop", "okay nabu", True),  # an English wake phrase's word
        ("stopping", "hey stop", False),  # a word, not a part of one
        ("小声点", "小听小听", True),  # 小 is the wake phrase's first syllable
    ],
)
def test_the_rule_on_phrases_no_list_holds(phrase: str, wake: str, contests: bool) -> None:
    assert sounds_like_part_of(phrase, wake) is contests
