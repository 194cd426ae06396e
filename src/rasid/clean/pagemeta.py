"""The page head: the site-name line, a site name appended to the title, the outlet and the title."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rasid.clean.boilerplate import Cut, Verdicts, is_headline_like, plausible_outlet
from rasid.clean.lines import Line, ends_sentence
from rasid.clean.patterns import phrase_pattern, setting
from rasid.text.normalize import normalize

_LATIN_NAME = re.compile(r"^(?=.*[A-Za-z])[A-Za-z0-9 .&'-]+$")
_LETTER = re.compile(r"[^\W\d_]")
_TRIM = "\"'«»“”()[]:،,;.-–—|*• "
TITLE_SEARCH_LINES = 3


@dataclass(frozen=True, slots=True)
class TitleSuffix:
    """A site name appended to a title line after a separator."""

    line: int
    offset: int          # display offset of the separator
    name: str


@dataclass(frozen=True, slots=True)
class PageHead:
    outlet: str | None
    title: str | None


@lru_cache(maxsize=1)
def _outlet_cue() -> re.Pattern[str]:
    return re.compile(phrase_pattern(list(setting("outlet_cues"))), re.IGNORECASE)


def name_key(name: str) -> str:
    """Comparison key of a site name (normalized, lower case, no punctuation)."""
    return " ".join(re.sub(r"[\W_]+", " ", normalize(name).lower()).split())


def read_page_head(lines: list[Line], verdicts: Verdicts) -> PageHead:
    """Find the site name and title; mark the site-name line and title suffix as removed."""
    head = _first_kept(lines, verdicts, TITLE_SEARCH_LINES)
    suffixes = [s for s in (_title_suffix(lines[i]) for i in head) if s is not None]
    known = {name_key(o) for o in verdicts.outlets} | {name_key(s.name) for s in suffixes}
    site_line = _site_line(lines, verdicts, head, known)
    outlet = _choose_outlet(lines, verdicts, site_line, suffixes, known)
    if outlet is not None:
        _remove_outlet_mentions(lines, verdicts, outlet, suffixes)
    return PageHead(outlet, _title(lines, verdicts))


def _first_kept(lines: list[Line], verdicts: Verdicts, count: int) -> list[int]:
    found = [line.index for line in lines if verdicts.kept(line)]
    return found[:count]


def _title_suffix(line: Line) -> TitleSuffix | None:
    """' - Site' or ' | Site' at the end of a headline-sized line."""
    if line.words > int(setting("title_max_words")):
        return None
    for sep in setting("title_separators"):
        pos = line.display.rfind(sep)
        if pos <= 0:
            continue
        name = line.display[pos + len(sep):].strip(_TRIM)
        before = line.display[:pos]
        if plausible_outlet(name) and _LETTER.search(name) and len(before.split()) >= 2 and not ends_sentence(line.display):
            return TitleSuffix(line.index, pos, name)
    return None


def _site_line(lines: list[Line], verdicts: Verdicts, head: list[int], known: set[str]) -> int | None:
    """The first kept line when it is a bare site name above the title."""
    if len(head) < 2:
        return None
    first = lines[head[0]]
    if first.words > int(setting("site_name_max_words")) or ends_sentence(first.display):
        return None
    if not plausible_outlet(first.display.strip(_TRIM)):
        return None
    if name_key(first.display) in known:
        return first.index
    following = lines[head[1]]
    if _outlet_cue().search(first.key) and is_headline_like(following):
        return first.index
    return None


def _choose_outlet(lines: list[Line], verdicts: Verdicts, site_line: int | None,
                   suffixes: list[TitleSuffix], known: set[str]) -> str | None:
    if site_line is not None:
        verdicts.kinds[site_line] = "site_name"
        return lines[site_line].display.strip(_TRIM)
    footer = {name_key(o): o for o in verdicts.outlets}
    for suffix in suffixes:
        if name_key(suffix.name) in footer or _looks_like_site(suffix.name):
            return suffix.name
    return verdicts.outlets[0] if verdicts.outlets else None


def _looks_like_site(name: str) -> bool:
    return bool(_outlet_cue().search(normalize(name)) or _LATIN_NAME.match(name))


def _remove_outlet_mentions(lines: list[Line], verdicts: Verdicts, outlet: str, suffixes: list[TitleSuffix]) -> None:
    """Cut the outlet from title suffixes and drop kept lines that are just the outlet's name."""
    key = name_key(outlet)
    for suffix in suffixes:
        if name_key(suffix.name) == key and suffix.line not in verdicts.cuts:
            verdicts.cuts[suffix.line] = Cut(suffix.offset, "site_name")
    for line in lines:
        if verdicts.kept(line) and line.words <= int(setting("site_name_max_words")) and name_key(line.display) == key:
            verdicts.kinds[line.index] = "site_name"


def _title(lines: list[Line], verdicts: Verdicts) -> str | None:
    """The first kept line when it reads like a headline (site suffix cut)."""
    head = _first_kept(lines, verdicts, 1)
    if not head:
        return None
    line = lines[head[0]]
    cut = verdicts.cuts.get(line.index)
    text = (line.display[:cut.offset] if cut else line.display).strip()
    if not text or line.words > int(setting("title_max_words")) or ends_sentence(text):
        return None
    return text
