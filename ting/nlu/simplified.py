"""Traditional Chinese as simplified (zh-CN), with zhconv's zh-CN table alone.

``zhconv.convert(text, "zh-cn")`` loads the whole MediaWiki dictionary (every variant: zh-TW, zh-HK,
zh-SG, simplified to traditional) and keeps it: ~16 MB resident in a device that only ever asks for zh-CN.
This keeps the zh-CN table (zh2Hans with zh2CN over it, as zhconv builds it) and converts the same way
(the longest phrase of the table at each position, else the character as it is): ~3 MB. The table is
built from zhconv's own file, once, at the first text with a CJK character, without importing zhconv.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ting.errors import NluError

_SEPARATOR = "\x00"
"""Between the packed table's phrases (never inside one)."""


@dataclass(frozen=True, slots=True)
class _Table:
    phrases: dict[str, str]
    """Traditional (or variant) phrase or character → its zh-CN form."""
    longest: dict[str, int]
    """First character → the length of the longest phrase that starts with it."""


def to_simplified_cn(text: str) -> str:
    """``text`` in zh-CN characters, exactly as ``zhconv.convert(text, "zh-cn")`` gives it."""
    table = _table()
    out: list[str] = []
    position, size = 0, len(text)
    while position < size:
        longest = table.longest.get(text[position], 0)
        for length in range(min(longest, size - position), 0, -1):
            converted = table.phrases.get(text[position : position + length])
            if converted is not None:
                out.append(converted)
                position += length
                break
        else:
            out.append(text[position])
            position += 1
    return "".join(out)


@cache
def _table() -> _Table:
    keys, values = _packed_table()
    # unpacked only once the parsed dictionary is garbage: the table's strings then fill the memory the
    # parse freed instead of being scattered among it (Python's small-object heap frees only empty pools)
    phrases = dict(zip(keys.split(_SEPARATOR), values.split(_SEPARATOR), strict=True))
    longest: dict[str, int] = {}
    for phrase in phrases:
        longest[phrase[0]] = max(longest.get(phrase[0], 0), len(phrase))
    return _Table(phrases, longest)


def _packed_table() -> tuple[str, str]:
    """zhconv's zh-CN table as two strings (phrases, their conversions), everything else of the file freed."""
    tables = json.loads(dictionary_file().read_bytes())
    phrases = {**tables["zh2Hans"], **tables["zh2CN"]}
    return _SEPARATOR.join(phrases), _SEPARATOR.join(phrases.values())


def dictionary_file() -> Path:
    """zhconv's ``zhcdict.json``, found without importing zhconv: its module imports ``pkg_resources``
    (~10 MB resident and 0.3 s here) to read that file."""
    spec = importlib.util.find_spec("zhconv")
    folders = spec.submodule_search_locations if spec is not None else None
    path = Path(next(iter(folders)), "zhcdict.json") if folders else None
    if path is None or not path.is_file():
        raise NluError("zhconv's dictionary (zhcdict.json) is missing: reinstall zhconv")
    return path
