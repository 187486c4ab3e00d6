"""Free-text answers -> canonical tags: every kind of phrasing, in each of the seven languages."""

from __future__ import annotations

import pytest

from eventrunner.interests import default_vocabulary, parse_tags, read_cell, read_text


def tags(text: str) -> set[str]:
    return set(read_cell(text, default_vocabulary()).tags)


# (language, answer, tags that must be read) — by kind of phrasing.
SENTENCES = [
    ("en", "In my spare time I go climbing and I bake bread", {"climbing", "baking"}),
    ("de", "In meiner Freizeit gehe ich gerne klettern und backe Brot", {"climbing", "baking"}),
    (
        "fr",
        "Pendant mon temps libre je fais de l'escalade et de la pâtisserie",
        {"climbing", "baking"},
    ),
    ("es", "En mi tiempo libre hago escalada y me encanta la repostería", {"climbing", "baking"}),
    ("it", "Nel tempo libero faccio arrampicata e adoro la pasticceria", {"climbing", "baking"}),
    ("pt", "No meu tempo livre faço escalada e adoro confeitaria", {"climbing", "baking"}),
    ("nl", "In mijn vrije tijd ga ik klimmen en bakken", {"climbing", "baking"}),
]
LISTS = [
    ("en", "chess & jazz, also gardening", {"chess", "jazz", "gardening"}),
    ("de", "Schach und Jazz, außerdem Gärtnern", {"chess", "jazz", "gardening"}),
    ("fr", "échecs et jazz, aussi le jardinage", {"chess", "jazz", "gardening"}),
    ("es", "ajedrez y jazz, también jardinería", {"chess", "jazz", "gardening"}),
    ("it", "scacchi e jazz, anche giardinaggio", {"chess", "jazz", "gardening"}),
    ("pt", "xadrez e jazz, também jardinagem", {"chess", "jazz", "gardening"}),
    ("nl", "schaken en jazz, ook tuinieren", {"chess", "jazz", "gardening"}),
]
ABBREVIATIONS = [
    ("en", "ML, AI, UX and DEI; a11y; VC", {"machine learning", "artificial intelligence",
     "user experience", "diversity and inclusion", "accessibility", "venture capital"}),
    ("de", "KI und ML, außerdem UX", {"artificial intelligence", "machine learning",
     "user experience"}),
    ("fr", "l'IA et le ML, l'UX", {"artificial intelligence", "machine learning",
     "user experience"}),
    ("es", "IA, ML y UX", {"artificial intelligence", "machine learning", "user experience"}),
    ("it", "AI e ML, poi UX", {"artificial intelligence", "machine learning", "user experience"}),
    ("pt", "IA e ML, UX também", {"artificial intelligence", "machine learning",
     "user experience"}),
    ("nl", "AI en ML, ook UX", {"artificial intelligence", "machine learning",
     "user experience"}),
]  # fmt: skip
FORMS = [
    ("en", "I hike a lot; hiked the Rockies", {"hiking"}),
    ("en", "hikes with my dogs", {"hiking", "dogs"}),
    ("de", "Wanderungen mit meinem Hund", {"hiking", "dogs"}),
    ("fr", "les randonnées avec mes chiens", {"hiking", "dogs"}),
    ("es", "caminatas con mis perros", {"hiking", "dogs"}),
    ("it", "escursioni con i miei cani", {"hiking", "dogs"}),
    ("pt", "caminhadas com meus cachorros", {"hiking", "dogs"}),
    ("nl", "wandeltochten met mijn honden", {"hiking", "dogs"}),
]
NAMES = [
    ("en", "a big Bruins fan, and Catan nights", {"hockey", "board games"}),
    ("en", "building things with Django and PyTorch", {"django", "pytorch"}),
    ("de", "Fan vom FC Bayern, spiele gern Carcassonne", {"soccer", "board games"}),
    ("fr", "supporter du PSG, joue à Dungeons and Dragons", {"soccer", "role playing games"}),
    ("es", "del Real Madrid y de Magic the Gathering", {"soccer", "card games"}),
    ("it", "tifoso della Juve, gioco a Ticket to Ride", {"soccer", "board games"}),
    ("pt", "torcedor do Flamengo, jogo Wingspan", {"soccer", "board games"}),
    ("nl", "fan van Ajax en Terraforming Mars", {"soccer", "board games"}),
]
VARIANTS = [
    ("en", "start-ups, board-games, open-source", {"startups", "board games", "open source"}),
    ("en", "boardgames and opensource", {"board games", "open source"}),
    ("en", "Machine-Learning; e-commerce", {"machine learning", "ecommerce"}),
    ("de", "Start-ups und Brett-Spiele", {"startups", "board games"}),
    ("fr", "les start-ups et l'open-source", {"startups", "open source"}),
    ("nl", "start-ups en open source", {"startups", "open source"}),
]
TYPOS = [
    ("en", "photograpy and machne learning", {"photography", "machine learning"}),
    ("en", "intrested in cybersecurty", {"cybersecurity"}),
    ("de", "Fotografi und Wandern", {"photography", "hiking"}),
    ("fr", "la randonée et la photographi", {"hiking", "photography"}),
    ("es", "fotografia y senderism", {"photography", "hiking"}),
    ("it", "fotografia e escursionsmo", {"photography", "hiking"}),
    ("pt", "fotografia e caminhdas", {"photography", "hiking"}),
    ("nl", "fotografie en wandlen", {"photography", "hiking"}),
]

ALL = [
    pytest.param(text, expected, id=f"{kind}-{lang}-{n}")
    for kind, cases in (("sentence", SENTENCES), ("list", LISTS), ("abbr", ABBREVIATIONS),
                        ("forms", FORMS), ("names", NAMES), ("variants", VARIANTS),
                        ("typos", TYPOS))
    for n, (lang, text, expected) in enumerate(cases)
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), ALL)
def test_each_kind_of_phrasing_is_read(text: str, expected: set[str]) -> None:
    assert expected <= tags(text)


# Every kind of phrasing in every language, read exactly: the tags and nothing else (the
# tables above check that the topics are found; these also that nothing is invented).
EXACT = {
    "list-ampersand": [
        ("en", "chess & jazz", {"chess", "jazz"}),
        ("de", "Schach & Jazz, außerdem Gärtnern", {"chess", "jazz", "gardening"}),
        ("fr", "échecs & jazz", {"chess", "jazz"}),
        ("es", "ajedrez, jazz & también jardinería", {"chess", "jazz", "gardening"}),
        ("it", "scacchi & jazz", {"chess", "jazz"}),
        ("pt", "xadrez & jazz", {"chess", "jazz"}),
        ("nl", "schaken & jazz", {"chess", "jazz"}),
    ],
    "abbr": [
        ("en", "VC and DEI, also a11y", {"venture capital", "diversity and inclusion",
         "accessibility"}),
        ("de", "VC und DEI, auch a11y", {"venture capital", "diversity and inclusion",
         "accessibility"}),
        ("fr", "le VC et la DEI, l'a11y", {"venture capital", "diversity and inclusion",
         "accessibility"}),
        ("es", "VC y DEI, también a11y", {"venture capital", "diversity and inclusion",
         "accessibility"}),
        ("it", "VC e DEI, anche a11y", {"venture capital", "diversity and inclusion",
         "accessibility"}),
        ("pt", "VC e DEI, também a11y", {"venture capital", "diversity and inclusion",
         "accessibility"}),
        ("nl", "VC en DEI, ook a11y", {"venture capital", "diversity and inclusion",
         "accessibility"}),
    ],
    "verb-forms": [
        ("en", "I hike and I photograph whatever I see", {"hiking", "photography"}),
        ("de", "ich wandere gern und fotografiere", {"hiking", "photography"}),
        ("fr", "je randonne et je photographie", {"hiking", "photography"}),
        ("es", "me gusta caminar por la montaña y fotografiar", {"hiking", "photography"}),
        ("it", "Cammino e fotografo", {"hiking", "photography"}),
        ("pt", "gosto de caminhar e fotografar", {"hiking", "photography"}),
        ("nl", "ik wandel graag en fotografeer", {"hiking", "photography"}),
    ],
    "products": [
        ("en", "I code with Django and React", {"software engineering", "django", "react"}),
        ("de", "Ich programmiere mit Django und React", {"software engineering", "django",
         "react"}),
        ("fr", "je code en React et Django", {"software engineering", "react", "django"}),
        ("es", "programo con Django y PyTorch", {"software engineering", "django", "pytorch"}),
        ("it", "programmo con Django e React", {"software engineering", "django", "react"}),
        ("pt", "programo em Django e React", {"software engineering", "django", "react"}),
        ("nl", "ik programmeer met Django en React", {"software engineering", "django",
         "react"}),
    ],
    "teams": [
        ("en", "a big Lakers fan", {"basketball"}),
        ("de", "Fan der Lakers", {"basketball"}),
        ("fr", "je suis fan des Canadiens", {"hockey"}),
        ("es", "soy fan de los Lakers", {"basketball"}),
        ("it", "fan dei Lakers", {"basketball"}),
        ("pt", "fã dos Lakers", {"basketball"}),
        ("nl", "fan van de Lakers", {"basketball"}),
    ],
    "variants": [
        ("en", "start-ups and board-games, open-source", {"startups", "board games",
         "open source"}),
        ("de", "Start-ups und Brettspiele, Open-Source", {"startups", "board games",
         "open source"}),
        ("fr", "les start-ups et les jeux de société, l'open-source", {"startups",
         "board games", "open source"}),
        ("es", "start-ups y juegos de mesa, open-source", {"startups", "board games",
         "open source"}),
        ("it", "start-up e giochi da tavolo, open-source", {"startups", "board games",
         "open source"}),
        ("pt", "start-ups e jogos de tabuleiro, open-source", {"startups", "board games",
         "open source"}),
        ("nl", "start-ups en bordspellen, open-source", {"startups", "board games",
         "open source"}),
    ],
    "spacing": [
        ("en", "boardgames and opensource", {"board games", "open source"}),
        ("de", "Brett Spiele und Opensource", {"board games", "open source"}),
        ("fr", "les startups et l'opensource", {"startups", "open source"}),
        ("es", "las startups y el opensource", {"startups", "open source"}),
        ("it", "le startup e l'opensource", {"startups", "open source"}),
        ("pt", "as startups e o opensource", {"startups", "open source"}),
        ("nl", "startups en opensource", {"startups", "open source"}),
    ],
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(text, expected, id=f"{kind}-{lang}")
        for kind, cases in EXACT.items()
        for lang, text, expected in cases
    ],
)
def test_each_kind_of_phrasing_is_read_exactly_in_each_language(
    text: str, expected: set[str]
) -> None:
    assert tags(text) == expected


def test_every_kind_of_phrasing_is_covered_in_all_seven_languages() -> None:
    # The tables of this file, by kind: each names all seven languages.
    kinds = {
        "sentence": SENTENCES, "list": LISTS, "abbr": ABBREVIATIONS, "forms": FORMS,
        "names": NAMES, "typos": TYPOS, **EXACT,
    }  # fmt: skip
    for kind, cases in kinds.items():
        assert {lang for lang, _, _ in cases} == {"en", "de", "fr", "es", "it", "pt", "nl"}, kind


@pytest.mark.parametrize(
    "text",
    [
        "I love to", "also", "big fan of", "interested in", "stuff", "things like that",
        "Ich interessiere mich für vieles", "J'aime beaucoup de choses", "Me gustan muchas cosas",
        "Mi piacciono tante cose", "Gosto de muitas coisas", "Ik hou van veel dingen",
    ],
)  # fmt: skip
def test_filler_never_becomes_a_tag(text: str) -> None:
    reading = read_cell(text, default_vocabulary())
    assert reading.tags == ()
    assert reading.phrases == ()


def test_filler_around_topics_is_dropped_and_nothing_else_is_invented() -> None:
    assert tags("I'm really into jazz and stuff, also a huge fan of sailing") == {"jazz", "sailing"}


def test_short_words_in_other_languages_are_not_abbreviations() -> None:
    # Italian "ai" (to the), Portuguese "ar" (air), English "it": only AI / AR / IT in capitals.
    assert "artificial intelligence" not in tags("interessato ai viaggi")
    assert "augmented reality" not in tags("atividades ao ar livre")
    assert "artificial intelligence" in tags("interessato all'AI")


def test_typos_are_reported_and_real_words_are_not_corrected() -> None:
    reading = read_text("photograpy", default_vocabulary())
    assert reading.tags == ("photography",)
    assert reading.typos == (("photograpy", "photography"),)
    assert read_text("hiring", default_vocabulary()).tags == ("hiring",)  # not "hiking"


def test_words_that_match_nothing_are_reported_and_kept_as_candidate_topics() -> None:
    reading = read_text("sailing, Gwent tournaments and the Alps", default_vocabulary())
    assert "sailing" in reading.tags
    assert "gwent tournaments" in reading.unmatched
    assert "gwent tournaments" in reading.phrases and "alps" in reading.phrases


def test_a_qualifier_glued_to_a_tag_is_no_topic_of_its_own() -> None:
    reading = read_text("hiking trips", default_vocabulary())
    assert reading.tags == ("hiking",)
    assert reading.unmatched == ("trips",)
    assert reading.phrases == ()


@pytest.mark.parametrize(
    "cell",
    [
        "hockey; marketing; #AI",
        "Machine Learning, HR",
        "data science|python",
        "c++; c#; c",
        "underwater hockey; tephr",
        "a\nb\nc",
        "#HRTech #FollowFriday",
    ],
)
def test_clean_tag_cells_read_exactly_as_parse_tags(cell: str) -> None:
    reading = read_cell(cell, default_vocabulary())
    assert reading.tags == parse_tags(cell)
    assert not reading.free


def test_team_names_that_are_tags_also_give_their_sport_in_free_text() -> None:
    assert {"capitals", "hockey"} <= tags("a big Caps fan")
    assert parse_tags("caps") == ("capitals",)  # a clean tag stays what it was
