"""Fonts for the browser pages (door stations, projector), served by the laptop itself.

Nothing comes from a font service: the pages would wait for the internet and CJK names
would show as boxes. The faces come from packages we already depend on (Roboto Mono from
textual-serve for Latin, Greek and Cyrillic; Noto from manimgx-fonts; WenQuanYi Micro Hei
from paperang-p2-fonts-cjk) and are stacked under one family name by `unicode-range`, so
the browser takes each character from the face that has it. The CJK collection (.ttc) is
unpacked once into a cached .ttf, which every browser reads.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import platformdirs
from aiohttp import web

#: The family the pages ask for; the faces below are stacked under it.
FAMILY = "Roboto Mono"

# (file name served, package, path inside it, unicode-range or None for the base face)
_FACES: tuple[tuple[str, str, str, str | None], ...] = (
    ("roboto-mono.ttf", "textual_serve", "static/fonts/RobotoMono-VariableFont_wght.ttf", None),
    ("noto-arabic.ttf", "manimgx_fonts", "NotoSansArabic[wght].ttf", "U+0600-06FF, U+0750-077F"),
    ("noto-hebrew.ttf", "manimgx_fonts", "NotoSansHebrew[wght].ttf", "U+0590-05FF"),
    ("noto-devanagari.ttf", "manimgx_fonts", "NotoSansDevanagari[wght].ttf", "U+0900-097F"),
    ("noto-thai.ttf", "manimgx_fonts", "NotoSansThai[wght].ttf", "U+0E00-0E7F"),
    ("cjk.ttf", "paperang_p2_fonts_cjk", "fonts/wqy-microhei.ttc",
     "U+1100-11FF, U+2E80-2FFF, U+3000-30FF, U+3100-31FF, U+3400-4DBF, U+4E00-9FFF, "
     "U+AC00-D7AF, U+F900-FAFF, U+FF00-FFEF"),
    ("emoji.ttf", "manimgx_fonts", "NotoEmoji[wght].ttf",
     "U+2600-27BF, U+1F000-1FAFF"),
)  # fmt: skip


def _package_file(package: str, inner: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / inner
    return path if path.is_file() else None


def _unpacked(collection: Path) -> Path:
    """The first face of a .ttc as a .ttf in the cache (made once per font version)."""
    from fontTools.ttLib import TTCollection  # type: ignore[import-untyped]  # no stubs

    stamp = f"{collection.stat().st_size}-{int(collection.stat().st_mtime)}"
    target = Path(platformdirs.user_cache_dir("eventrunner")) / "webfonts" / f"cjk-{stamp}.ttf"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        TTCollection(str(collection)).fonts[0].save(str(tmp))
        tmp.replace(target)
    return target


@functools.cache
def font_files() -> dict[str, Path]:
    """Served name -> file on this laptop, for every face that is installed."""
    found: dict[str, Path] = {}
    for name, package, inner, _ in _FACES:
        path = _package_file(package, inner)
        if path is not None:
            found[name] = _unpacked(path) if path.suffix == ".ttc" else path
    return found


def font_face_css(prefix: str) -> str:
    """@font-face rules stacking the installed faces under FAMILY, URLs under `prefix`."""
    files = font_files()
    rules = []
    for name, _, _, ranges in _FACES:
        if name in files:
            extra = f" unicode-range: {ranges};" if ranges else ""
            rules.append(
                f"@font-face {{ font-family: '{FAMILY}'; src: url('{prefix}{name}') "
                f"format('truetype'); font-display: block;{extra} }}"
            )
    return "\n".join(rules)


async def serve_font(request: web.Request) -> web.StreamResponse:
    """One bundled font file (GET `.../fonts/{name}`)."""
    path = font_files().get(request.match_info["name"])
    if path is None:
        raise web.HTTPNotFound(text="no such font")
    response = web.FileResponse(path, headers={"Cache-Control": "max-age=86400"})
    response.content_type = "font/ttf"
    return response
