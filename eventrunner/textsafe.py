"""Attendee text made safe to show: no terminal escape sequences, no control characters.

Every string that came from a registration file passes through `clean_text` before it reaches a
terminal, a PDF, a QR payload or a CSV. One definition for all of them, so that what the
console shows and what we print agree.
"""

from __future__ import annotations

import re
import unicodedata

# ESC-introduced sequences: CSI (ESC [ ... final), OSC and the other string commands (DCS,
# SOS, PM, APC) ended by BEL or ST (ESC \) or by the end of the text, and two-character escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]?"
    r"|\x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
    # CSI as one 8-bit C1 character; the other C1 introducers go with the controls below,
    # which leaves their payload as harmless visible text.
    r"|\x9b[0-?]*[ -/]*[@-~]?"
)
# Every other C0/C1 control character and DEL; U+FEFF too, because a stray byte order mark
# inside a value is invisible and makes "name" differ from "\ufeffname".
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
# A lone surrogate (from a broken UTF-16 file) cannot be written as UTF-8.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean_text(s: str, *, keep_newlines: bool = False) -> str:
    """Text safe to show in a terminal: escape sequences and control characters removed.

    Tabs and line breaks become spaces (newlines are kept with `keep_newlines`, for tag cells
    where they separate tags); the result is NFC-normalized and stripped. Names in any script,
    emoji included, are otherwise left as typed.
    """
    if s.isprintable():  # the common case: no escapes, controls or odd spaces to look for
        return unicodedata.normalize("NFC", s).strip()
    text = _SURROGATES.sub("\ufffd", _ESCAPES.sub("", s))
    text = _LINE_BREAKS.sub("\n", text).replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\n", " ")
    text = _CONTROLS.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def strip_escapes(s: str) -> str:
    """Only the terminal escape sequences removed (control characters are left)."""
    return _ESCAPES.sub("", s)
