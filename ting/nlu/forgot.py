"""What someone forgot to do (Mandarin): a remark, not a command to do it.

出门忘了关灯，这个月电费又要涨了 tells that the lights were left on; the templates read
关灯 in it as "turn the lights off". 雨伞放门口了，出门别忘了拿 reminds a person; the
templates read 出门 as leaving home. A clause that says 忘 right before a command verb
(忘了关, 忘关了, 忘记开, 别忘了拿) is about what was or may be forgotten. Asked of ting, the
sentence says so: a question (是不是忘关了, 吗) or a request (提醒我, 帮我, 你, 请), and then
it is read as before (dev: 电视是不是忘关了; 上回就忘了交电费，这次你…提醒我). Issue 13:
out_of_scope19's kind "a remark about what one forgot" (out_of_scope1, 5 and 7 have it
too: 我老公出门总是忘关灯).
"""

from __future__ import annotations

import re

from ting.nlu.normalize import to_simplified

_FORGOT = re.compile(r"忘(?:了|记了?|掉了?)?(?:关|开|拿|带|锁|调|定|设|收)")
"""忘 (忘了, 忘记, 忘掉) right before a verb of the skills' commands or of taking a thing along."""
_ASKS_TING = re.compile(r"吗|么|是不是|有没有|没有?$|呢|[?？]|提醒|帮|你|请|叫我|给我")
"""A question or a request to ting anywhere in the sentence."""


def forgot(text: str) -> bool:
    """``text`` says what someone forgot to do, and neither asks ting nor asks it for anything."""
    simple = to_simplified(text)
    return _FORGOT.search(simple) is not None and _ASKS_TING.search(simple) is None
