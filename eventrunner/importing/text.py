"""Text hygiene for everything that comes in from a file: bytes to text, cells to clean values.

`clean_text` strips what a terminal would act on (ANSI CSI/OSC sequences, C0/C1 control
characters) and NFC-normalizes, leaving names in any script as typed. `decode` finds the
encoding of a registration file, `detect_delimiter` its CSV delimiter, and `slugify` turns a
name into an id. Nothing here knows about columns or attendees.
"""

from __future__ import annotations

import csv
import re
import unicodedata

import attrs

from eventrunner.textsafe import clean_text, strip_escapes

#: Delimiters a registration CSV may use.
DELIMITERS = (",", ";", "\t")
_SNIFF_CHARS = 4000  # csv.Sniffer's regexes are slow on long samples; the top lines suffice.

# Letters NFKD does not take apart into an ASCII letter plus accents.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)
_NOT_SLUG = re.compile(r"[^\w]+|_+")


def slugify(name: str) -> str:
    """An id made from a name: lowercase, accents dropped from Latin letters, '-' between words.

    Letters of other scripts are kept as they are (`Ζωή` -> `ζωή`, `王小明` -> `王小明`);
    a name with no letters at all gives `attendee`.
    """
    text = clean_text(name).lower().translate(_TRANSLITERATE)
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        # Accents go only when they sit on an ASCII letter: in Cyrillic or Japanese the
        # combining mark makes a different letter (й is not и, ガ is not カ).
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    slug = _NOT_SLUG.sub("-", unicodedata.normalize("NFC", "".join(kept))).strip("-")
    return slug or "attendee"


@attrs.frozen
class Decoded:
    """The text of a file and how it was read."""

    text: str
    """The whole file as text, line endings untouched."""
    encoding: str
    """The encoding used, as shown to the organizer."""
    fallback_lines: tuple[int, ...] = ()
    """Lines (from 1) that were not UTF-8 and were read as Windows-1252/Latin-1."""


def decode(data: bytes) -> Decoded:
    """Read bytes as UTF-8 (BOM or not), UTF-16/32 with a BOM, else Windows-1252 line by line.

    Raises UnicodeError when a BOM announces an encoding the bytes do not follow.
    """
    for bom, codec, label in (
        (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"),
        (b"\xff\xfe\x00\x00", "utf-32", "UTF-32"),
        (b"\x00\x00\xfe\xff", "utf-32", "UTF-32"),
        (b"\xff\xfe", "utf-16", "UTF-16"),
        (b"\xfe\xff", "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            return Decoded(data.decode(codec), label)
    bom_less = _utf16_without_bom(data)
    if bom_less:
        return Decoded(data.decode(bom_less), "UTF-16")
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    # Line by line, so that a UTF-8 file with one pasted Latin-1 line keeps its other accents.
    parts: list[str] = []
    fallback: list[int] = []
    latin1 = False
    for number, line in enumerate(data.splitlines(keepends=True), start=1):
        try:
            parts.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            fallback.append(number)
        try:
            parts.append(line.decode("cp1252"))
        except UnicodeDecodeError:  # bytes cp1252 leaves undefined; Latin-1 maps every byte
            parts.append(line.decode("latin-1"))
            latin1 = True
    label = "Latin-1" if latin1 else "Windows-1252"
    if any(not line.isascii() for line in _other_lines(data, fallback)):
        label = f"UTF-8 and {label}"
    return Decoded("".join(parts), label, tuple(fallback))


def _other_lines(data: bytes, skipped: list[int]) -> list[bytes]:
    gone = set(skipped)
    return [line for n, line in enumerate(data.splitlines(), start=1) if n not in gone]


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when every other byte of mostly-ASCII text is zero."""
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        codec = "utf-16-le"
    elif even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        codec = "utf-16-be"
    else:
        return None
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec


def looks_binary(text: str) -> bool:
    """True for text that is really binary data (NUL bytes, or many control characters)."""
    if "\x00" in text:
        return True
    # Escape sequences are an attack on the terminal, not a sign of binary data: clean_text
    # removes them from the values, so they do not count here.
    sample = strip_escapes(text[:20000])
    controls = sum(1 for c in sample if unicodedata.category(c) == "Cc" and c not in "\t\r\n")
    return controls > max(16, len(sample) // 20)


def detect_delimiter(text: str) -> str:
    """`,` `;` or tab: csv.Sniffer's guess unless the header line has more of another one."""
    lines = [line for line in text[: _SNIFF_CHARS * 2].splitlines() if line.strip()]
    if not lines:
        return ","
    counts = {d: _count_outside_quotes(lines[0], d) for d in DELIMITERS}
    sample = "\n".join(lines)[:_SNIFF_CHARS]
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    # The Sniffer prefers ',' whenever its counts are consistent, which is wrong for a ';'
    # file whose question titles contain commas: it is followed only when the header line
    # (which splits into the columns) has at least as many of its delimiter as of any other.
    best = max(DELIMITERS, key=lambda d: (counts[d], d == sniffed))
    return best if counts[best] > 0 else ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count = 0
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def delimiter_name(delimiter: str) -> str:
    """How a delimiter is shown: comma, semicolon, tab."""
    return {",": "comma", ";": "semicolon", "\t": "tab"}.get(delimiter, repr(delimiter))


def show(value: str, limit: int = 40) -> str:
    """A cell value quoted for a one-line message (shortened, line breaks made visible)."""
    text = value.replace("\n", "\\n")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{text}'"
