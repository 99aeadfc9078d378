"""What a sentence names that the second pass's reading would drop: a city said to an intent that holds
none, a room the household does not have.

The classifier reads a sentence by the words it knows and leaves the others out, and the slots are then
spotted with the intent's own lists, so a name the intent cannot hold was silently lost: 东京今天几号
read as today's date here (东京 is a ``{location}``, which no ``system.date`` sentence says), 阳台的灯打开
as every light (阳台, a balcony, is no room of the household: the templates refuse it, the second pass
read 的灯打开). The templates never drop a name they cannot hold; the second pass does the same here
(out_of_scope19's kinds: a place elsewhere, a room the home lacks).
"""

from __future__ import annotations

from collections.abc import Sequence

from ting.nlu.fallback.delex import NAMED_LISTS

NAMES = tuple(f"{{{name}}}" for name in sorted(NAMED_LISTS))
"""The placeholders of names (``{location}``, ``{device}`` ...): each says which list a name is from."""
_ROOM_ENDS = frozenset("房室厅间台库院卧")
"""The last character of Mandarin room nouns (儿童房, 储藏室, 餐厅, 衣帽间, 阳台, 车库, 院, 次卧): a closed
class of place words; the household's own rooms are ``{area}`` placeholders by then."""
_NOT_ROOMS = frozenset(
    {"房间", "时间", "中间", "这间", "那间", "每间", "一间", "柜台", "电台", "平台", "后台", "舞台", "窗台"}
)
"""Words that end like a room and are none of the household's rooms to be had: the site's own room
(这个房间), a time or a thing."""
_OF = "的"


def names_said(said: Sequence[str]) -> list[str]:
    """The word features of the name placeholders in ``said`` (delexicalized words): ``w:{location}``."""
    return [f"w:{token}" for token in dict.fromkeys(said) if token in NAMES]


def room_said(said: Sequence[str], lang: str) -> list[str]:
    """The character-pair feature of a Mandarin room noun said before 的 (阳台的灯: ``b:阳|台``), which the
    intent's training must say for the room to be one it knows, or none."""
    if lang != "zh":
        return []
    for at in range(2, len(said)):
        first, last = said[at - 2], said[at - 1]
        if said[at] != _OF or last not in _ROOM_ENDS or len(first) != 1 or first + last in _NOT_ROOMS:
            continue
        if "\u4e00" <= first <= "\u9fff":
            return [f"b:{first}|{last}"]
    return []
