"""Full treaty texts, read from a JSON file and matched to a catalogue's provisions.

The catalogue ships only short titles written by us; the full texts come from a file the
user loads (``impact catalogue load-texts``). The file holds::

    {"instruments": [{"code": "CRC", "articles": [{"number": 1, "text": "..."}, ...]}, ...]}

Other keys (titles, preambles, headings) are allowed and ignored. An instrument is matched
by its catalogue code or one of its aliases (``PALERMO_TIP`` is the ``PALERMO`` protocol);
article ``n`` of instrument ``X`` fills provision ``X-n``. The whole file is checked first,
and a malformed file is rejected with every problem and its path
(``instruments[2].articles[5].text: missing``), so no partial set of texts is ever loaded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from impactkit.catalogue.locations import Loc, format_loc
from impactkit.catalogue.schema import Catalogue, Instrument
from impactkit.catalogue.sources import decode
from impactkit.errors import CatalogueError, FileRefused, Problem
from impactkit.userfiles import json_nesting_problem, read_user_file


@dataclass(frozen=True)
class TreatyTexts:
    """What a texts file gave: ``texts`` maps provision codes to full text, ``instruments``
    counts matched articles per catalogue instrument, and ``unmatched`` lists what the file
    has and the catalogue lacks: a file's instrument code when the whole instrument is
    unknown (``"FOO"``), a provision code when only the article is (``"CRC-55"``)."""

    texts: dict[str, str] = field(default_factory=dict)
    instruments: dict[str, int] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Article:
    loc: Loc
    number: str
    text: str


@dataclass(frozen=True, slots=True)
class _FileInstrument:
    loc: Loc
    code: str
    articles: list[_Article]


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if value is None:
        return "null"
    return "text"


class _Reader:
    """Checks the shape of the parsed file, collecting every problem."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.problems: list[Problem] = []

    def fail(self, loc: Loc, message: str) -> None:
        self.problems.append(Problem(message, location=self.location,
                                     field=format_loc(loc) or None))

    def text_field(self, item: dict[str, Any], loc: Loc, name: str) -> str | None:
        if name not in item:
            self.fail((*loc, name), "missing")
            return None
        value = item[name]
        if not isinstance(value, str):
            self.fail((*loc, name), f"expected text, got {_kind(value)}")
            return None
        if not value.strip():
            self.fail((*loc, name), "empty")
            return None
        return value.strip()

    def number(self, item: dict[str, Any], loc: Loc) -> str | None:
        if "number" not in item:
            self.fail((*loc, "number"), "missing")
            return None
        value = item["number"]
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.fail((*loc, "number"), f"expected an article number, got {_kind(value)}")
        return None

    def articles(self, item: dict[str, Any], loc: Loc) -> list[_Article]:
        value = item.get("articles")
        if not isinstance(value, list):
            self.fail((*loc, "articles"), "missing" if "articles" not in item
                      else f"expected a list, got {_kind(value)}")
            return []
        found: list[_Article] = []
        seen: dict[str, int] = {}
        for j, article in enumerate(value):
            where = (*loc, "articles", j)
            if not isinstance(article, dict):
                self.fail(where, f"expected an object, got {_kind(article)}")
                continue
            number, text = self.number(article, where), self.text_field(article, where, "text")
            if number is not None and number in seen:
                self.fail((*where, "number"), f"article {number} appears twice (also "
                          f"{format_loc((*loc, 'articles', seen[number]))})")
            elif number is not None and text is not None:
                seen[number] = j
                found.append(_Article(where, number, text))
        return found

    def read(self, document: Any) -> list[_FileInstrument]:
        if not isinstance(document, dict):
            self.fail((), f"expected an object with an 'instruments' list, got {_kind(document)}")
            return []
        value = document.get("instruments")
        if not isinstance(value, list):
            self.fail(("instruments",), "missing" if "instruments" not in document
                      else f"expected a list, got {_kind(value)}")
            return []
        found: list[_FileInstrument] = []
        for i, item in enumerate(value):
            loc: Loc = ("instruments", i)
            if not isinstance(item, dict):
                self.fail(loc, f"expected an object, got {_kind(item)}")
                continue
            code = self.text_field(item, loc, "code")
            articles = self.articles(item, loc)
            if code is not None:
                found.append(_FileInstrument(loc, code, articles))
        return found


def _parse(path: Path) -> tuple[Any, Problem | None]:
    location = str(path)
    try:
        raw = read_user_file(path, location)
    except FileRefused as exc:
        return None, exc.problem
    except OSError as exc:
        return None, Problem(f"cannot read the file: {exc.strerror}", location=location)
    text, problem = decode(location, raw)
    if problem is not None or text is None:
        return None, problem
    too_deep = json_nesting_problem(text, location)
    if too_deep is not None:
        return None, too_deep
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, Problem(f"not valid JSON: {exc.msg} at line {exc.lineno}, column "
                             f"{exc.colno}", location=location)


def _match(found: list[_FileInstrument], catalogue: Catalogue,
           reader: _Reader) -> TreatyTexts:
    names: dict[str, Instrument] = {}
    for known in catalogue.instruments:
        for name in (known.code, *known.aliases):
            names.setdefault(name, known)
    result = TreatyTexts()
    matched_at: dict[str, Loc] = {}
    for item in found:
        instrument = names.get(item.code)
        if instrument is None:
            result.unmatched.append(item.code)
            continue
        if instrument.code in matched_at:
            reader.fail((*item.loc, "code"), f"'{item.code}' is instrument {instrument.code}, "
                        f"already given at {format_loc(matched_at[instrument.code])}")
            continue
        matched_at[instrument.code] = item.loc
        result.instruments[instrument.code] = 0
        for article in item.articles:
            code = f"{instrument.code}-{article.number}"
            if catalogue.provision(code) is None:
                result.unmatched.append(code)
            else:
                result.texts[code] = article.text
                result.instruments[instrument.code] += 1
    return result


def read_treaty_texts(path: Path | str, catalogue: Catalogue) -> TreatyTexts:
    """Read a treaty-texts JSON file and match it to ``catalogue``'s provisions.

    Raises :class:`CatalogueError` listing every problem when the file is not JSON or not of
    the expected shape; articles the catalogue has no provision for are not errors, they are
    reported in ``unmatched``.
    """
    path = Path(path)
    document, problem = _parse(path)
    if problem is not None:
        raise CatalogueError([problem], summary=f"{path}: cannot read treaty texts")
    reader = _Reader(str(path))
    found = reader.read(document)
    result = _match(found, catalogue, reader)
    if reader.problems:
        count = len(reader.problems)
        raise CatalogueError(reader.problems, summary=f"{path}: {count} problem"
                             f"{'s' if count != 1 else ''} in the treaty texts file")
    return result


def with_texts(catalogue: Catalogue, texts: TreatyTexts | Mapping[str, str]) -> Catalogue:
    """A copy of ``catalogue`` whose provisions carry their full text.

    Provisions without a text keep the one they had. Codes the catalogue lacks are ignored:
    texts are stored apart from the framework, so a revised framework may no longer have
    every provision a text was once loaded for, and showing it must still work.
    """
    by_code = texts.texts if isinstance(texts, TreatyTexts) else dict(texts)
    instruments = [
        instrument.model_copy(update={"provisions": [
            provision.model_copy(update={"text": by_code[provision.code]})
            if provision.code in by_code else provision
            for provision in instrument.provisions]})
        for instrument in catalogue.instruments
    ]
    copy = catalogue.model_copy(update={"instruments": instruments})
    copy._provision_index_cache = None  # the copy's index must point at the new provisions
    return copy
