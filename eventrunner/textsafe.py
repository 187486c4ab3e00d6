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
# The bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) too: a
# right-to-left override in a name turns the rest of a line, a table or a PDF backwards.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROLS = re.compile(f"[\\x00-\\x09\\x0b-\\x1f\\x7f-\\x9f\\ufeff{_BIDI}]")
# What `strip_controls` removes: the same, but tabs and line breaks stay.
_STORED_CONTROLS = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_BIDI}]")
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


def strip_controls(s: str) -> str:
    """Escape sequences, bidi controls and control characters removed; tabs, line breaks,
    spacing and normalization left as they are (for values stored or exported verbatim)."""
    if s.isprintable():
        return s
    return _STORED_CONTROLS.sub("", _SURROGATES.sub("\ufffd", _ESCAPES.sub("", s)))


def strip_escapes(s: str) -> str:
    """Only the terminal escape sequences removed (control characters are left)."""
    return _ESCAPES.sub("", s)


# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
# A phone number such as "+1 555 0100" or "+44 (20) 7946-0958" computes nothing harmful and
# must reach a QR code as typed: it is not neutralized.
_PHONE = re.compile(r"\+?[0-9][0-9 ()./-]{4,}[0-9]")


def neutralize_formula(cell: str) -> str:
    """The cell made inert for spreadsheets: a leading `'` before `= + - @`, tab or CR.

    A cell that already starts with apostrophes before such a character gets one more, so
    that `restore_formula` gives back exactly the original.
    """
    if _FORMULA_START.match(cell) and not _PHONE.fullmatch(cell):
        return "'" + cell
    return cell


def restore_formula(cell: str) -> str:
    """Undo `neutralize_formula`: exactly one leading `'` before what it guards goes."""
    if cell.startswith("'") and _FORMULA_START.match(cell[1:]):
        return cell[1:]
    return cell
