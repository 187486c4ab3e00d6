"""Fonts that print every attendee's name: Latin, Greek, Cyrillic, CJK, and a warning otherwise.

The body text is Noto Sans (regular and a bold instance of the variable font) from the
`manimgx-fonts` package; Chinese, Japanese and Korean come from WenQuanYi Micro Hei in
`paperang-p2-fonts-cjk`; the other Noto faces of `manimgx-fonts` (Arabic, Hebrew, Devanagari,
Thai, ... each a variable font, so each gets a real bold instance too) and well-known system
fonts (DejaVu, Noto CJK, ...) fill the gaps. Only the fonts a document needs are registered,
as fpdf2 fallbacks, so a Latin-only event does not pay for parsing a CJK font. A face with no
bold (WenQuanYi) is emboldened honestly: the whole line is drawn in the regular faces with a
thin outline (`synthetic_bold`), so a line never switches weight halfway.

Before drawing, every text is checked against the fonts' character maps (fontTools): a
character that no font has is reported in one line naming whose text it is, never printed as
a silent empty box. This module does not draw anything.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import tempfile
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path

import attrs
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]  # no stubs
from fpdf import FPDF

from eventrunner import textsafe
from eventrunner.printing.errors import PrintError
from eventrunner.printing.scripts import drop_zwj_sequences, zwj_sequences

#: Extra font files the organizer adds, separated like PATH (searched first).
FONTS_ENV = "EVENTRUNNER_FONTS"
SYNTHETIC_STROKE = 0.04
"""Outline width of a synthetic bold, in ems: about the stem difference of Noto Sans Bold."""
BODY = "body"
"""The fpdf2 family name of the body font (styles "" and "B")."""

_SYSTEM_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
    "C:/Windows/Fonts",
)
#: System fonts worth trying, best first; looked up by file name under _SYSTEM_DIRS.
_SYSTEM_NAMES = (
    "NotoSans-Regular.ttf",
    "DejaVuSans.ttf",
    "LiberationSans-Regular.ttf",
    "NotoSansCJK-Regular.ttc",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "DroidSansFallbackFull.ttf",
    "Arial Unicode.ttf",
    "msyh.ttc",
    "malgun.ttf",
    "arial.ttf",
)
_BOLD_SIBLINGS = {
    "NotoSans-Regular.ttf": "NotoSans-Bold.ttf",
    "DejaVuSans.ttf": "DejaVuSans-Bold.ttf",
    "LiberationSans-Regular.ttf": "LiberationSans-Bold.ttf",
    "arial.ttf": "arialbd.ttf",
}
_DROPPED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


@attrs.frozen
class Face:
    """One font file (or one font of a collection) that can be registered with fpdf2."""

    path: Path
    """The .ttf, .otf or .ttc file."""
    index: int = 0
    """The font's number inside a collection (.ttc)."""


@functools.lru_cache(maxsize=8192)
def clean_text(text: str) -> str:
    """Attendee text made printable: escapes, control and format characters gone, spaces
    collapsed.

    Variation selectors and joiners go too: they would print as boxes; an emoji ZWJ
    sequence (👩‍💻) goes whole, since its parts apart mean something else
    (`install_fonts` warns about it).
    """
    text = textsafe.clean_text(text)  # escape sequences and controls, as the console does
    if text.isprintable() and text.isascii():
        return " ".join(text.split())
    text = drop_zwj_sequences(text)
    kept = (
        ch
        for ch in text
        if unicodedata.category(ch) not in _DROPPED and not _is_variation_selector(ch)
    )
    return " ".join("".join(kept).split())


#: Scripts whose letters change shape or order on the line (Indic, Thai, Tibetan, Myanmar,
#: Khmer); right-to-left scripts are found by their bidirectional class.
_COMPLEX_RANGES = ((0x0900, 0x0DFF), (0x0E00, 0x0FFF), (0x1000, 0x109F), (0x1780, 0x17FF))


@functools.lru_cache(maxsize=8192)
def needs_shaping(text: str) -> bool:
    """Whether text has right-to-left or complex-script letters (Arabic, Hebrew, Devanagari...)
    that print correctly only through a shaping engine."""
    if text.isascii():
        return False
    for ch in text:
        code = ord(ch)
        if code < 0x0590:
            continue
        if unicodedata.bidirectional(ch) in ("R", "AL") or any(
            low <= code <= high for low, high in _COMPLEX_RANGES
        ):
            return True
    return False


@functools.cache
def shaping_available() -> bool:
    """Whether fpdf2 can shape text here (it needs the uharfbuzz package)."""
    return importlib.util.find_spec("uharfbuzz") is not None


def _is_variation_selector(ch: str) -> bool:
    code = ord(ch)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _package_dir(module: str) -> Path | None:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def _bundled_body() -> Path | None:
    folder = _package_dir("manimgx_fonts")
    path = None if folder is None else folder / "NotoSans[wght].ttf"
    return path if path is not None and path.is_file() else None


def _candidates() -> Iterator[Face]:
    """Every font worth trying for a missing character, best first (files may repeat)."""
    for entry in os.environ.get(FONTS_ENV, "").split(os.pathsep):
        if entry.strip() and Path(entry).expanduser().is_file():
            yield Face(Path(entry).expanduser())
    body = _bundled_body()
    if body is not None:
        yield Face(body)
    cjk = _package_dir("paperang_p2_fonts_cjk")
    if cjk is not None and (cjk / "fonts" / "wqy-microhei.ttc").is_file():
        yield Face(cjk / "fonts" / "wqy-microhei.ttc")
    if body is not None:
        for path in sorted(body.parent.glob("*.ttf")):
            if "Italic" not in path.name and path != body:
                yield Face(path)
    yield from (Face(path) for path in _system_fonts())


@functools.cache
def _system_fonts() -> tuple[Path, ...]:
    found: dict[str, Path] = {}
    for folder in _SYSTEM_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        for name in _SYSTEM_NAMES:
            if name not in found:
                hit = next(iter(root.rglob(name)), None)
                if hit is not None:
                    found[name] = hit
    return tuple(found[name] for name in _SYSTEM_NAMES if name in found)


@functools.cache
def codepoints(face: Face) -> frozenset[int]:
    """The characters a font has glyphs for (empty when the file cannot be read)."""
    try:
        font = TTFont(face.path, fontNumber=face.index, lazy=True)
        cmap = font.getBestCmap() or {}
        font.close()
    except Exception:  # a broken font file is skipped, not fatal
        return frozenset()
    return frozenset(cmap)


def body_face() -> Face:
    """The font body text is set in; PrintError when there is no usable font at all."""
    for face in _candidates():
        if ord("A") in codepoints(face) and ord("a") in codepoints(face):
            return face
    raise PrintError(
        "no font for printing found: reinstall eventrunner with its dependencies "
        "(manimgx-fonts, paperang-p2-fonts-cjk) or install DejaVu or Noto fonts"
    )


@functools.cache
def bold_face(body: Face) -> Face:
    """A bold face for the body: an instance of the variable font, a sibling file, or itself."""
    sibling = _BOLD_SIBLINGS.get(body.path.name)
    if sibling is not None and (body.path.parent / sibling).is_file():
        return Face(body.path.parent / sibling)
    try:
        font = TTFont(body.path, fontNumber=body.index)
        axes = {axis.axisTag: axis for axis in font["fvar"].axes} if "fvar" in font else {}
        if "wght" not in axes:
            return body
        return Face(_bold_instance(font, body.path, min(700.0, axes["wght"].maxValue)))
    except Exception:  # no bold is a cosmetic loss; keep printing in the regular weight
        return body


def _bold_instance(font: TTFont, source: Path, weight: float) -> Path:
    """Write (once per machine) the bold instance of a variable font to the user cache."""
    # Slow to import, and only needed the first time on a machine.
    from fontTools.varLib import instancer  # type: ignore[import-untyped]
    from platformdirs import user_cache_dir

    stat = source.stat()
    key = hashlib.sha1(f"{source}:{stat.st_size}:{stat.st_mtime}:{weight}".encode()).hexdigest()
    for folder in (Path(user_cache_dir("eventrunner")) / "fonts", Path(tempfile.gettempdir())):
        target = folder / f"{source.stem}-w{int(weight)}-{key[:12]}.ttf"
        if target.is_file():
            return target
        try:
            folder.mkdir(parents=True, exist_ok=True)
            instance = instancer.instantiateVariableFont(font, {"wght": weight})
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".ttf")
            with os.fdopen(fd, "wb") as out:
                instance.save(out)
            os.replace(tmp, target)  # another process may race us; either copy is right
            return target
        except OSError:
            continue
    raise OSError("no writable cache folder for the bold font")


def missing_characters(text: str, faces: Iterable[Face]) -> list[str]:
    """Characters of `text` that none of `faces` can print (spaces never count)."""
    sets = [codepoints(face) for face in faces]
    return [
        ch
        for ch in dict.fromkeys(clean_text(text))
        if not ch.isspace() and not any(ord(ch) in s for s in sets)
    ]


@attrs.frozen
class Installed:
    """The faces registered in one document."""

    faces: tuple[Face, ...]
    """Body first, then the fallbacks in the order fpdf2 tries them."""
    bold: frozenset[int]
    """Characters that have a real bold face; the others need `synthetic_bold`."""


#: What install_fonts registered, per document (metrics and drawing read it).
_INSTALLED: weakref.WeakKeyDictionary[FPDF, Installed] = weakref.WeakKeyDictionary()


def installed(pdf: FPDF) -> Installed:
    """The faces of a document (none before install_fonts)."""
    return _INSTALLED.get(pdf, Installed((), frozenset()))


def synthetic_bold(pdf: FPDF, text: str) -> bool:
    """Whether a bold `text` must be drawn emboldened (some character has no bold face)."""
    if text.isascii():
        return False
    bold = installed(pdf).bold
    return any(ord(ch) not in bold for ch in text if not ch.isspace())


def install_fonts(pdf: FPDF, texts: Iterable[tuple[str, str]]) -> list[str]:
    """Register the body font and the fallbacks `texts` need; return one warning per owner.

    `texts` pairs who a text belongs to (`attendee 'Ana' (ana@example.org)`) with the text.
    """
    body = body_face()
    bold = bold_face(body)
    pdf.add_font(BODY, "", body.path, collection_font_number=body.index)
    pdf.add_font(BODY, "B", bold.path, collection_font_number=bold.index)
    owners: dict[str, set[int]] = {}
    texts_seen = list(texts)
    for owner, text in texts_seen:
        owners.setdefault(owner, set()).update(ord(ch) for ch in clean_text(text))
    needed = set().union(*owners.values()) if owners else set()
    remaining = {c for c in needed if not chr(c).isspace()} - codepoints(body)
    chosen: list[Face] = []
    for face in _candidates():
        if not remaining:
            break
        covered = remaining & codepoints(face)
        if covered and face != body and face not in chosen:
            chosen.append(face)
            remaining -= covered
    families = []
    bold_codes = set(codepoints(body)) if bold != body else set()
    for number, face in enumerate(chosen):
        family = f"fallback{number}"
        pdf.add_font(family, "", face.path, collection_font_number=face.index)
        strong = bold_face(face)
        if strong != face:
            pdf.add_font(family, "B", strong.path, collection_font_number=strong.index)
            bold_codes |= codepoints(face)
        families.append(family)
    _INSTALLED[pdf] = Installed((body, *chosen), frozenset(bold_codes))
    if families:
        # exact_match=False: bold text falls back to a regular CJK face rather than a box.
        pdf.set_fallback_fonts(families, exact_match=False)
    warnings = []
    for owner, text in texts_seen:
        for sequence in zwj_sequences(textsafe.clean_text(text)):
            warnings.append(
                f"{owner}: the emoji {sequence} has no single picture in the printing fonts "
                "and is left out (printed apart its parts would say something else)"
            )
    if not shaping_available():
        unshaped = dict.fromkeys(owner for owner, text in texts_seen if needs_shaping(text))
        warnings += [
            f"{owner}: this script needs text shaping (joined letters, right to left) and "
            "will print with its letters apart; install the uharfbuzz package to fix it"
            for owner in unshaped
        ]
    for owner, chars in owners.items():
        lost = sorted(chars & remaining)
        if lost:
            shown = " ".join(f"'{chr(c)}' (U+{c:04X})" for c in lost[:5])
            warnings.append(
                f"{owner}: no installed font can print {shown}; it would come out as an "
                f"empty box: add a font that has it with {FONTS_ENV}=/path/to/font.ttf, "
                "or change the text"
            )
    return warnings
