"""The fonts reports are set in, and the check that they can draw every character.

Reports use DejaVu Sans, Serif and Sans Mono (Debian's ``fonts-dejavu-core``, installed by
``scripts/ensure-report-deps.sh``), which cover the Latin, Greek and Cyrillic scripts. A
character none of them holds would come out of the PDF as an empty box; the renderer refuses
it instead, naming the character and where it is, so that nobody publishes a report with
holes in it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from gettext import gettext as _
from pathlib import Path

from impactkit.errors import UsageError

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
             Path.home() / ".local/share/fonts", Path.home() / ".fonts")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf",
              "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSansMono.ttf")
REQUIRED = "DejaVuSerif.ttf"
IGNORED = frozenset("\n\r\t\u00ad\u200b\u200c\u200d\ufeff")
"""Characters that draw nothing by design (line breaks, soft hyphens, joiners)."""


class MissingGlyphs(UsageError):
    """Characters of a report that no installed report font can draw."""


@cache
def font_files() -> tuple[Path, ...]:
    """The report fonts found on this machine; UsageError when the set-up has not run."""
    found: dict[str, Path] = {}
    for folder in FONT_DIRS:
        if folder.is_dir():
            for name in FONT_FILES:
                if name not in found:
                    hit = next(folder.rglob(name), None)
                    if hit is not None:
                        found[name] = hit
    if REQUIRED not in found:
        raise UsageError(_("the report fonts (DejaVu) are not installed: run "
                           "scripts/ensure-report-deps.sh, or install Debian's "
                           "fonts-dejavu-core"))
    return tuple(found[name] for name in FONT_FILES if name in found)


@cache
def covered() -> frozenset[int]:
    """Every code point the report fonts can draw."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in font_files():
        with TTFont(str(path), lazy=True) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


def check_glyphs(texts: Iterable[tuple[str, str]]) -> None:
    """Raise :class:`MissingGlyphs` listing each character no report font holds, with the
    first place (a section's title) where it occurs. ``texts``: (place, text) pairs."""
    have = covered()
    missing: dict[str, str] = {}
    for place, text in texts:
        for ch in text:
            if ch not in IGNORED and ord(ch) not in have and ch not in missing:
                missing[ch] = place
    if missing:
        listed = "; ".join(_("{char!r} ({code}, {name}) in {place}").format(
            char=ch, code=f"U+{ord(ch):04X}", name=unicodedata.name(ch, "unnamed"),
            place=place) for ch, place in list(missing.items())[:10])
        raise MissingGlyphs(_("the report holds characters no installed font can draw, so "
                              "they would print as empty boxes: {listed}. Replace them, or "
                              "install a font that has them.").format(listed=listed))

