"""Searching the library as speech is heard: scripts, pinyin, misrecognitions, fields together."""

from __future__ import annotations

from ting.skills.sdk import MatchField, MediaQuery, Track
from ting.skills.sdk.media_index import MediaIndex, normalize, pinyin_key

TRACKS = [
    Track("1", "晴天", "周杰伦", "叶惠美", "流行", 1, 269.0),
    Track("2", "以父之名", "周杰伦", "叶惠美", "流行", 2, 342.0),
    Track("3", "爱在西元前", "周杰伦", "范特西", "Pop", 1, 234.0),
    Track("4", "但願人長久", "王菲", "菲靡靡之音", "流行", 3, 250.0),
    Track("5", "Take Five", "Dave Brubeck", "Time Out", "Jazz", 3, 324.0),
    Track("6", "So What", "Miles Davis", "Kind of Blue", "爵士", 1, 562.0),
    Track("7", "Moon River", "Audrey Hepburn", "Breakfast at Tiffany's", "Soundtrack", 1, 160.0),
]


def index() -> MediaIndex:
    return MediaIndex(TRACKS, seed=1)


def test_normalizing_and_pinyin() -> None:
    assert normalize("周杰倫") == "周杰伦"
    assert normalize("Ｍoon-River ") == "moonriver"
    assert pinyin_key("周杰轮") == pinyin_key("周杰伦") == "zhoujielun"


def test_an_artist_heard_as_a_homophone_or_in_traditional_script() -> None:
    for heard in ("周杰伦", "周杰倫", "周杰轮", "zhou jie lun"):
        found = index().find(MediaQuery(artist=heard))
        assert (found.field, found.name) == (MatchField.ARTIST, "周杰伦"), heard
        assert [t.id for t in found.tracks] == ["1", "2", "3"]  # by album, then track number


def test_a_title_in_the_other_script_and_a_misheard_english_name() -> None:
    found = index().find(MediaQuery(any="但愿人长久"))
    assert (found.field, found.name, [t.id for t in found.tracks]) == (MatchField.TITLE, "但願人長久", ["4"])
    assert found.score >= 95
    fuzzy = index().find(MediaQuery(any="take fife"))
    assert [t.id for t in fuzzy.tracks] == ["5"] and 75 <= fuzzy.score < 100


def test_artist_and_title_together_and_album() -> None:
    found = index().find(MediaQuery(artist="周杰伦", title="情天"))  # 情天 sounds like 晴天
    assert [t.title for t in found.tracks] == ["晴天"]
    album = index().find(MediaQuery(any="范特西"))
    assert (album.field, [t.id for t in album.tracks]) == (MatchField.ALBUM, ["3"])


def test_a_genre_id_finds_tracks_tagged_in_either_language() -> None:
    found = index().find(MediaQuery(genre="jazz"), shuffle=True)
    assert {t.id for t in found.tracks} == {"5", "6"}
    pop = index().find(MediaQuery(genre="pop"))
    assert {t.id for t in pop.tracks} <= {"1", "2", "3", "4"} and pop.tracks


def test_nothing_close_enough_offers_the_closest_names() -> None:
    found = index().find(MediaQuery(artist="周华健"))
    assert not found.ok and found.closest == ("周杰伦",)
    nothing = index().find(MediaQuery(any="beethoven symphony"))
    assert not nothing.ok and nothing.closest == ()


def test_an_empty_query_shuffles_everything_and_limits() -> None:
    found = index().find(MediaQuery(), limit=5)
    assert found.field is None and len(found.tracks) == 5 and len({t.id for t in found.tracks}) == 5


def test_an_empty_library_finds_nothing() -> None:
    empty = MediaIndex([])
    assert not empty.find(MediaQuery(any="晴天")).ok and not empty.find(MediaQuery()).ok


def test_words_said_alone_take_the_best_field_whichever_matched_first() -> None:
    """Exact and pinyin look-ups run before the fuzzy scans, which then need a higher score to matter: the
    field chosen is still the best one, an artist before an album before a title on equal scores."""
    tracks = [
        Track("1", "Moonlight Serenade In Blue Major", artist="Glenn Miller", album="Serenades"),
        Track("2", "晴天", artist="Moonlight Serenade In Blue Majors", album="情天"),
        Track("3", "Blue", artist="Yellow", album="Blue"),
    ]
    media = MediaIndex(tracks)
    # a pinyin hit (95) on the album 情天 loses to nothing: the title 晴天 is the same text (100)
    title = media.find(MediaQuery(any="晴天"))
    assert (title.field, title.name, title.score) == (MatchField.TITLE, "晴天", 100.0)
    # a title's exact hit (100) beats an artist one letter off (ratio 98)
    exact = media.find(MediaQuery(any="Moonlight Serenade In Blue Major"))
    assert (exact.field, exact.name) == (MatchField.TITLE, "Moonlight Serenade In Blue Major")
    # one letter off both: the nearer wins (the title, one letter added: 98) though the artist comes first
    near = media.find(MediaQuery(any="Moonlight Serenade In Blue Majorz"))
    assert near.field is MatchField.TITLE and 98 < near.score < 99
    # the same name as album and title: the album, earlier in the order
    blue = media.find(MediaQuery(any="blue"))
    assert (blue.field, blue.name, blue.score) == (MatchField.ALBUM, "Blue", 100.0)
    # a homophone of both the album 情天 and the title 晴天 (qingtian, 95 each): the album, earlier
    sound = media.find(MediaQuery(any="请天"))
    assert (sound.field, sound.name, sound.score) == (MatchField.ALBUM, "情天", 95.0)
