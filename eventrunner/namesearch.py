"""Finding attendees by what a person types: accents, case and special letters optional.

Shared by the console's check-in screen and the door stations' page, so that `zoe` finds
`Zoë` and `lukasz` finds `Łukasz` wherever someone searches. No I/O, no UI.
"""

from __future__ import annotations

import functools
import unicodedata

from eventrunner.model import Attendee
from eventrunner.textsafe import clean_text

#: Letters that carry no combining accent to drop but are searched and sorted as plain ones.
_PLAIN = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Đ": "D",
        "đ": "d",
        "ß": "ss",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ı": "i",
    }
)


@functools.lru_cache(maxsize=8192)  # the same names are folded at every keystroke
def fold(text: str) -> str:
    """Text for matching and sorting: no accents, no case (`zoe` finds `Zoë`, `lukasz` Łukasz)."""
    decomposed = unicodedata.normalize("NFKD", clean_text(text).translate(_PLAIN))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def matches(attendee: Attendee, query: str) -> bool:
    """Every word of the query appears in the name, company, email or id."""
    haystack = fold(" ".join((attendee.name, attendee.company, attendee.email, attendee.id)))
    return all(word in haystack for word in fold(query).split())
