"""The device's NLU takes the library's names from the server's grammar announcement (the first retained
copy too, which does not rebuild the recognizer: its second pass learns the names) and keeps them across a
rebuild."""

from __future__ import annotations

from ting.device.nlu import DeviceNlu, GrammarUpdate
from ting.messages import GrammarAnnouncement
from ting.settings import Settings


def slots(nlu: DeviceNlu, text: str) -> dict[str, object]:
    _query, found = nlu.understand(
        text, lang="zh", site_id="kitchen", session_id="s", wakeword_id=None, asr_confidence=None
    )
    assert found is not None and found.intent_name == "music.play"
    return found.slot_values()


def test_the_device_understands_the_announced_library_names() -> None:
    nlu = DeviceNlu(Settings())
    # 林小舟 is made up: no well-known artist the NLU knows before the library names it
    assert slots(nlu, "播放林小舟江南") == {"song": "林小舟江南"}
    names = {"media.artist": ["林小舟"], "media.title": ["江南"]}
    first = nlu.on_grammar(GrammarAnnouncement(lang="zh", vosk=["[unk]"], version="1", names=names))
    # the first copy: names taken at once, the recognizer kept (its second pass learns them meanwhile)
    assert first is GrammarUpdate.FIRST
    assert slots(nlu, "播放林小舟江南") == {"artist": "林小舟", "song": "江南"}
    assert nlu.wait_settled(120) and nlu.rebuilds == 1 and nlu.whole_rebuilds == 0
    names = {"media.artist": ["林小舟", "周杰伦"], "media.title": ["江南", "晴天"]}
    update = nlu.on_grammar(GrammarAnnouncement(lang="zh", vosk=["[unk]"], version="2", names=names))
    assert update is GrammarUpdate.CHANGED
    assert nlu.wait_settled(120) and nlu.rebuilds == 2 and nlu.whole_rebuilds == 0  # names only
    assert slots(nlu, "播放周杰伦晴天") == {"artist": "周杰伦", "song": "晴天"}
    assert slots(nlu, "播放林小舟江南") == {"artist": "林小舟", "song": "江南"}
