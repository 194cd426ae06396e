"""An analyst's brief from an export (CONTRACT section 2): events and organizations, with sources.

``build_brief`` turns the export into a plain view model; ``render_markdown`` and
``render_html`` print it. HTML goes through a jinja2 template with autoescaping, so nothing
from the articles is interpreted as markup; Arabic content is marked ``dir="rtl"``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2

from rasid.errors import ResourceError
from rasid.resources import data_path

TEMPLATE = "resolve/report.html.j2"
FIGURE_LABELS = {"killed": "Killed", "injured": "Injured", "arrested": "Arrested", "kidnapped": "Kidnapped"}
PROFILE_LABELS = {"founded": "Founded", "size_estimates": "Size estimates", "composition": "Composition",
                  "areas": "Areas of operation", "leaders": "Leaders", "designations": "Designations",
                  "media_outlets": "Media outlets"}


@dataclass
class Line:
    """One labelled statement: English ``label``, Arabic or mixed ``value``, cited ``sources``."""

    label: str
    value: str
    sources: list[str] = field(default_factory=list)


@dataclass
class Section:
    title: str
    subtitle: str
    lines: list[Line] = field(default_factory=list)
    quotes: list[Line] = field(default_factory=list)
    discrepancies: list[Line] = field(default_factory=list)


@dataclass
class Brief:
    events: list[Section]
    organizations: list[Section]
    article_count: int


def citation(article: dict[str, Any] | None, article_id: str) -> str:
    """"outlet — title — date" of an article (unknown parts named as such)."""
    if article is None:
        return f"article {article_id}"
    parts = [article.get("outlet") or "unknown outlet", article.get("title") or "untitled",
             article.get("published") or "undated"]
    return " — ".join(str(p) for p in parts) + f" [{article_id}]"


def _figure_text(figure: dict[str, Any]) -> str:
    def show(v: Any) -> str:
        return "?" if v is None else str(v)
    return f"best {show(figure.get('best'))} (low {show(figure.get('low'))}, high {show(figure.get('high'))}) — {figure.get('basis') or ''}"


def _discrepancy_lines(discrepancies: list[dict[str, Any]], cite: Any) -> list[Line]:
    out = []
    for d in discrepancies:
        values = "; ".join(f"{v.get('value')} «{v.get('text') or ''}»" for v in d.get("values") or [])
        out.append(Line(f"{d.get('kind')} on {d.get('field')}: {d.get('note') or ''}", values,
                        [cite(v.get("article")) for v in d.get("values") or []]))
    return out


def _event_section(event: dict[str, Any], cite: Any) -> Section:
    date = (event.get("date") or {}).get("value") or "date unknown"
    loc = event.get("location") or {}
    place = loc.get("name") or "place unknown"
    section = Section(f"{event.get('type')}{' / ' + event['subtype'] if event.get('subtype') else ''}",
                      f"{date} — {place}{' (' + loc['country'] + ')' if loc.get('country') else ''} — {event.get('id')}")
    for actor in event.get("actors") or []:
        section.lines.append(Line(f"Actor ({actor.get('role')})", actor.get("name") or ""))
    for key, label in FIGURE_LABELS.items():
        if event.get(key):
            section.lines.append(Line(label, _figure_text(event[key])))
    for mention in event.get("mentions") or []:
        section.quotes.append(Line("Source", mention.get("sentence") or "", [cite(mention.get("article"))]))
    section.discrepancies = _discrepancy_lines(event.get("discrepancies") or [], cite)
    return section


def _profile_item_text(key: str, item: dict[str, Any]) -> str:
    if key == "size_estimates":
        span = item.get("low") if item.get("low") == item.get("high") else f"{item.get('low')}–{item.get('high')}"
        return f"{span} ({item.get('by') or 'source not named'})"
    if key == "designations":
        return f"{item.get('date') or 'date unknown'}: {item.get('kind')} by {item.get('by') or 'unnamed authority'}"
    return str(item.get("value") or "")


def _profile_section(profile: dict[str, Any], entity: dict[str, Any] | None, cite: Any,
                     discrepancies: list[dict[str, Any]]) -> Section:
    name = (entity or {}).get("name_ar") or profile.get("entity")
    english = (entity or {}).get("name_en") or ""
    section = Section(str(name), f"{english} — {profile.get('entity')}".strip(" —"))
    for key, label in PROFILE_LABELS.items():
        for item in profile.get(key) or []:
            section.lines.append(Line(label, _profile_item_text(key, item), [cite(a) for a in item.get("articles") or []]))
    section.lines.append(Line("Events", f"{len(profile.get('events') or [])} event(s) in this corpus"))
    section.discrepancies = _discrepancy_lines([d for d in discrepancies if d.get("subject") == profile.get("entity")], cite)
    return section


def build_brief(export: dict[str, Any]) -> Brief:
    """The brief's view model from an export dict."""
    articles = {a.get("id"): a for a in export.get("articles") or []}
    entities = {e.get("id"): e for e in export.get("entities") or []}
    def cite(article_id: Any) -> str:
        return citation(articles.get(article_id), str(article_id))
    events = [_event_section(e, cite) for e in export.get("events") or []]
    orgs = [_profile_section(p, entities.get(p.get("entity")), cite, export.get("discrepancies") or [])
            for p in export.get("profiles") or []]
    return Brief(events, orgs, len(articles))


def render_markdown(export: dict[str, Any]) -> str:
    brief = build_brief(export)
    out = [f"# Rasid brief", "", f"{brief.article_count} article(s), {len(brief.events)} event(s), "
           f"{len(brief.organizations)} organization(s).", ""]
    for heading, sections in (("Events", brief.events), ("Organizations", brief.organizations)):
        out += [f"## {heading}", ""]
        for s in sections:
            out += _markdown_section(s)
    return "\n".join(out).rstrip() + "\n"


def _markdown_section(section: Section) -> list[str]:
    out = [f"### {section.title}", "", f"*{section.subtitle}*", ""]
    for line in section.lines:
        out.append(f"- **{line.label}:** {line.value}" + (f" — sources: {'; '.join(line.sources)}" if line.sources else ""))
    if section.quotes:
        out += ["", "Sources:"] + [f"> {q.value}  \n> — {'; '.join(q.sources)}" for q in section.quotes]
    if section.discrepancies:
        out += ["", "Discrepancies:"] + [f"- **{d.label}** {d.value}" for d in section.discrepancies]
    return out + [""]


def render_html(export: dict[str, Any]) -> str:
    path = data_path(TEMPLATE)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(path.parent)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    try:
        template = env.get_template(path.name)
    except jinja2.TemplateError as exc:
        raise ResourceError(f"report template is invalid: {exc}", source=f"rasid/data/{TEMPLATE}") from exc
    return template.render(brief=build_brief(export))
