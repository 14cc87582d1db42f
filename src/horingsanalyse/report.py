"""The outputs of a run: the report for ministry staff and the data files for researchers.

A ministry officer writes the høringsnotat (the ministry's account of the responses) from the
report, rendered as HTML, Markdown or DOCX from one view of the analysis. Researchers get
``analyse.json`` (the output contract), ``svar.csv`` and the same tables as DataFrames.

Text taken from responses is untrusted: HTML is rendered with autoescaping, every value put
into Markdown is escaped by the environment's finalizer, and DOCX receives plain text runs
with the characters XML cannot hold removed.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import io
import json
import os
import re
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import docx
import jinja2
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from .analysis import (
    HearingAnalysis,
    analysis_to_dict,
    by_file,
    no_camp_files,
    position_of,
    repair_rows,
    responses_frame,
    sorted_campaigns,
    stance_counts,
    topics_of,
)
from .corrections import FIELD_NAMES
from .summary import topic_summaries
from .wording import sender_name
from .config import Topic
from .norwegian import MONTH_NAMES as _MONTHS
from .norwegian import NON_XML_CHARACTERS as _NON_XML
from .types import ActorCategory, ResponseAnalysis, Stance, TopicStance

REPORT_FORMATS = ("html", "md", "docx")
OUTPUT_FILES = {
    "html": "rapport.html",
    "md": "rapport.md",
    "docx": "rapport.docx",
    "json": "analyse.json",
    "csv": "svar.csv",
}
APPENDIX_REPAIR_LIMIT = 500  # beyond this the report points to analyse.json instead
# The report's sections in order: the HTML, Markdown and Word outputs all follow this outline.
REPORT_OUTLINE = (
    ("oppsummering", "Oppsummering av høringsinnspillene"),
    ("instanser", "Høringsinstanser som har svart"),
    ("standpunkt", "Samlet standpunkt"),
    ("uten-merknader", "Uten merknader"),
    ("tema", "Tema"),
    ("til-kontroll", "Til kontroll"),
    ("tall", "Standpunkt per kategori"),
    ("hovedargumenter", "Hovedargumenter"),
    ("grupper", "Grupper av høringsinstanser"),
    ("likelydende", "Likelydende svar"),
    ("ikke-svart", "Høringsinstanser som ikke har svart"),  # only when horing.toml lists instanser
    ("feil", "Svar som ikke kunne analyseres"),
    ("lesing", "Problemer ved lesing"),
    ("ukjent-avsender", "Svar uten kjent avsender"),  # only when some response does not say who wrote it
    ("korreksjoner", "Korreksjoner"),  # only when the hearing folder has a korreksjoner.csv with rows
    ("vedlegg-svar", "Vedlegg A: Alle svar"),
    ("vedlegg-rettinger", "Vedlegg B: Tekstrettinger"),
)

CATEGORY_GROUP_LABELS = {
    ActorCategory.KOMMUNE: "Kommuner",
    ActorCategory.FYLKESKOMMUNE: "Fylkeskommuner",
    ActorCategory.DEPARTEMENT: "Departementer",
    ActorCategory.STATLIG_ETAT: "Statlige etater",
    ActorCategory.ARBEIDSTAKERORGANISASJON: "Arbeidstakerorganisasjoner",
    ActorCategory.ARBEIDSGIVERORGANISASJON: "Arbeidsgiverorganisasjoner",
    ActorCategory.NAERINGSLIV: "Næringsliv",
    ActorCategory.INTERESSEORGANISASJON: "Interesseorganisasjoner",
    ActorCategory.FAGMILJO: "Fagmiljøer",
    ActorCategory.POLITISK_PARTI: "Politiske partier",
    ActorCategory.PRIVATPERSON: "Privatpersoner",
    ActorCategory.ANNET: "Andre",
}
CATEGORY_LABELS = {
    ActorCategory.KOMMUNE: "Kommune",
    ActorCategory.FYLKESKOMMUNE: "Fylkeskommune",
    ActorCategory.DEPARTEMENT: "Departement",
    ActorCategory.STATLIG_ETAT: "Statlig etat",
    ActorCategory.ARBEIDSTAKERORGANISASJON: "Arbeidstakerorganisasjon",
    ActorCategory.ARBEIDSGIVERORGANISASJON: "Arbeidsgiverorganisasjon",
    ActorCategory.NAERINGSLIV: "Næringsliv",
    ActorCategory.INTERESSEORGANISASJON: "Interesseorganisasjon",
    ActorCategory.FAGMILJO: "Fagmiljø",
    ActorCategory.POLITISK_PARTI: "Politisk parti",
    ActorCategory.PRIVATPERSON: "Privatperson",
    ActorCategory.ANNET: "Annet",
}
STANCE_LABELS = {
    Stance.SUPPORTS: "Støtter",
    Stance.SUPPORTS_WITH_RESERVATIONS: "Støtter med forbehold",
    Stance.OPPOSES: "Går imot",
    Stance.MIXED: "Blandet",
    Stance.NO_POSITION: "Ikke tatt stilling",
}
TOPIC_STANCE_LABELS = {
    TopicStance.FOR: "For",
    TopicStance.AGAINST: "Mot",
    TopicStance.MIXED: "Blandet",
    TopicStance.NOT_ADDRESSED: "Ikke omtalt",
}
_TOPIC_GROUPS = (TopicStance.FOR, TopicStance.AGAINST, TopicStance.MIXED)
CORRECTED = "(korrigert)"  # after a value an analyst corrected in korreksjoner.csv
CORRECTED_WITH_COMMENT = "(korrigert: {comment})"
# The arguments a side shows in the report, those of most voices; analyse.json has them all.
REPORT_ARGUMENTS_PER_SIDE = 12
ADDITIONS_HEADING = "Lagt til i fellesbrevet"  # under a campaign: what its members wrote themselves
UNKNOWN_SENDER = "Ukjent avsender"  # shown where the letter does not say who wrote it
_CORRECTIONS_INTRO = ("Analytikerens korreksjoner fra korreksjoner.csv i høringsmappen er brukt i hele rapporten "
                      "(tall, oppsummering, grupper og argumenter). Maskinens lesing stemte med {agreed} av "
                      "{total} korreksjoner; det er målet på hvor godt den leser denne høringen. Under står verdiene "
                      "som ble endret.")
_NO_CORRECTIONS = "Ingen av radene i korreksjoner.csv i høringsmappen kunne brukes."
PRIVATE_PERSON = "Privatperson"  # «Privatperson 1», «Privatperson 2» … with ``mask_private``
_WEB_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")
# Norwegian alphabetical order puts æ, ø, å after z; code points would put å before æ.
_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})
_DOCX_RUN_BREAKS = re.compile(r"([\t\r\n])")  # what a Word run holds as elements, not text


# --- Writing ---------------------------------------------------------------------------------

def write_outputs(analysis: HearingAnalysis, out_dir: Path | str, *, mask_private: bool = False) -> dict[str, Path]:
    """Write the report in every format plus ``analyse.json`` and ``svar.csv`` into ``out_dir``.

    With ``mask_private`` the names of private persons are replaced by «Privatperson 1»,
    «Privatperson 2» … in all of them (see :func:`mask_private_persons`); the store keeps them.

    Everything is rendered before anything is written, and each file replaces its old version
    in one step, so a crash leaves the previous outputs rather than half-written ones.
    ``svar.csv`` is comma-separated UTF-8 with a byte-order mark, the mark being what makes
    Excel show æ, ø and å correctly (Norwegian Excel may still need Data > From text, since
    it expects semicolons).

    Returns:
        The written paths keyed ``html``, ``md``, ``docx``, ``json`` and ``csv``.
    """
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    if mask_private:
        analysis = mask_private_persons(analysis)
    contents = {
        "html": render_report(analysis, "html").encode("utf-8"),
        "md": render_report(analysis, "md").encode("utf-8"),
        "docx": render_report(analysis, "docx"),
        "json": (json.dumps(analysis_to_dict(analysis), ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
        "csv": responses_frame(analysis).to_csv(index=False).encode("utf-8-sig"),
    }
    return {key: _write_atomically(folder / OUTPUT_FILES[key], data) for key, data in contents.items()}


def mask_private_persons(analysis: HearingAnalysis) -> HearingAnalysis:
    """The analysis with every private person's name replaced by «Privatperson N» (numbered in
    file order), in the sender, the quotes, the evidence, the endorsements and what members of a
    campaign added to its letter (a signature names its writer)."""
    names = {}
    for response in sorted(analysis.responses, key=by_file):
        if response.private_person and response.sender and response.sender not in names:
            names[response.sender] = f"{PRIVATE_PERSON} {len(names) + 1}"
    if not names:
        return analysis
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))

    def hide(text: str | None) -> str | None:
        return pattern.sub(lambda m: names[m.group()], text) if text else text

    responses = []
    for response in analysis.responses:
        topics = {tid: replace(p, quote=hide(p.quote)) for tid, p in response.topics.items()}
        evidence = tuple(replace(e, sentence=hide(e.sentence)) for e in response.evidence)
        responses.append(replace(response, sender=hide(response.sender), topics=topics, evidence=evidence,
                                 sender_evidence=hide(response.sender_evidence), endorses=hide(response.endorses),
                                 no_comment_quote=hide(response.no_comment_quote),
                                 endorsement_quote=hide(response.endorsement_quote),
                                 sender_note=hide(response.sender_note),
                                 corrections=tuple(replace(c, value=hide(c.value), machine=hide(c.machine),
                                                           comment=hide(c.comment)) for c in response.corrections)))
    campaigns = tuple(replace(c, additions=tuple((file, tuple(hide(p) for p in passages))
                                                 for file, passages in c.additions))
                      for c in analysis.campaigns)
    return replace(analysis, responses=tuple(responses), campaigns=campaigns)


def _write_atomically(path: Path, data: bytes) -> Path:
    """Write to a temporary file beside ``path`` and rename it over ``path``."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a report is meant to be shared
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


# --- The report ------------------------------------------------------------------------------

def render_report(analysis: HearingAnalysis, fmt: str = "html") -> str | bytes:
    """Render the report for ministry staff, in Norwegian bokmål.

    Args:
        analysis: the run's result.
        fmt: ``"html"`` (self-contained page, printable), ``"md"`` or ``"docx"``.

    Returns:
        The HTML or Markdown text, or the DOCX file's bytes.
    """
    if fmt not in REPORT_FORMATS:
        raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(REPORT_FORMATS)}")
    context = _report_context(analysis)
    if fmt == "docx":
        return _render_docx(context)
    return _environment(fmt).get_template(f"rapport.{fmt}.j2").render(context)


@cache
def _environment(fmt: str) -> jinja2.Environment:
    """The Jinja2 environment for a text format: HTML autoescapes, Markdown escapes via finalize."""
    loader = jinja2.FunctionLoader(_template_source)
    if fmt == "html":
        return jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                                  undefined=jinja2.StrictUndefined)
    return jinja2.Environment(loader=loader, autoescape=False, trim_blocks=True, lstrip_blocks=True,
                              keep_trailing_newline=True, finalize=markdown_escape,
                              undefined=jinja2.StrictUndefined)


def _template_source(name: str) -> str | None:
    """A template from the package data, wherever the package is installed (folder or zip)."""
    resource = importlib.resources.files(__package__) / "templates" / name
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def markdown_escape(value: Any) -> str:
    """Make any value safe as inline Markdown text: no markup, no raw HTML, no table breaks.

    Whitespace is collapsed to single spaces so untrusted text can never start a block
    (heading, list, table row); HTML's special characters become entities and Markdown's
    are backslash-escaped.
    """
    if value is None:
        return ""
    text = " ".join(_NON_XML.sub(" ", str(value)).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _report_context(analysis: HearingAnalysis) -> dict[str, Any]:
    """The report's content as display-ready values, shared by the HTML, Markdown and DOCX output."""
    hearing = analysis.hearing
    responses = sorted(analysis.responses, key=lambda r: (r.sender is None, _norwegian_key(r.sender or ""), r.file))
    sender_of = {response.file: _sender_label(response) for response in responses}
    repairs = [{**row, "confidence": _decimal(row["confidence"])} for row in repair_rows(analysis.responses)]
    answered = {response.instans.casefold() for response in responses if response.instans}
    return _without_control_characters({
        "hearing": {
            "title": hearing.title,
            "ministry": hearing.ministry,
            "reference": hearing.reference,
            "deadline": _long_date(hearing.deadline),
            "url": hearing.url,
            "url_is_link": bool(_WEB_URL.match(hearing.url)),
        },
        "n_responses": len(responses),
        "n_failures": len(analysis.failures),
        "n_no_comment": sum(response.no_comment for response in responses),
        "categories": _category_rows(responses),
        "stances": _stance_rows(responses),
        "no_comment": [_respondent(response) for response in responses if response.no_comment],
        "topics": [_topic_view(topic, responses) for topic in topics_of(analysis)],
        "campaigns": [_campaign_view(c, sender_of) for c in sorted_campaigns(analysis)],
        "summary": [{"name": t["name"], "text": " ".join(t["sentences"])} for t in topic_summaries(analysis)],
        "review": _review_rows(analysis, responses),
        "counts": _counts_view(analysis),
        "arguments": _arguments_view(analysis),
        "camps": _camps_view(analysis),
        "additions_heading": ADDITIONS_HEADING,
        "sections": [{"id": section_id, "title": title} for section_id, title in REPORT_OUTLINE
                     if (section_id != "ikke-svart" or hearing.instanser)
                     and (section_id != "ukjent-avsender" or any(r.sender is None for r in responses))
                     and (section_id != "korreksjoner" or _has_corrections(analysis))],
        "review_note": REVIEW_NOTE,
        "unknown_senders": [
            {"file": r.file, "note": r.sender_note or "", "evidence": r.sender_evidence or "",
             "page": _page_label(r.sender_evidence_page)}
            for r in sorted(responses, key=by_file) if r.sender is None
        ],
        "reading": {
            "run": list(analysis.run.warnings),
            "responses": [{"sender": _sender_label(r), "file": r.file, "warnings": list(r.warnings)}
                          for r in sorted(responses, key=by_file) if r.warnings],
        },
        "has_instanser": bool(hearing.instanser),
        "missing_instanser": [i for i in hearing.instanser if i.casefold() not in answered],
        "failures": [{"file": f.file, "reason": f.reason} for f in sorted(analysis.failures, key=by_file)],
        "responses": [
            {**_respondent(response), "date": _short_date(response.date),
             "stance": STANCE_LABELS[response.stance] + _mark(response, "stance")}
            for response in responses
        ],
        "corrections": _corrections_view(analysis, responses),
        "repairs": repairs[:APPENDIX_REPAIR_LIMIT],
        "n_repairs": len(repairs),
        "run": {
            "version": analysis.run.version,
            "pipeline": analysis.run.pipeline,
            "started": _date_time(analysis.run.started),
            "finished": _date_time(analysis.run.finished),
            "n_new": analysis.run.n_new,
            "n_cached": analysis.run.n_cached,
        },
    })


def _campaign_view(campaign, sender_of: dict[str, str]) -> dict[str, Any]:
    """A campaign with its members and, under it, what each member added to the shared letter."""
    added = [{"sender": sender_of.get(file, file), "file": file, "passages": [f"«{p}»" for p in passages]}
             for file, passages in campaign.additions if passages]
    return {
        "id": campaign.campaign_id, "count": len(campaign.files), "similarity": _percent(campaign.similarity, 1),
        "members": sorted((sender_of.get(f, f) for f in campaign.files), key=_norwegian_key),
        "additions": sorted(added, key=lambda a: (_norwegian_key(a["sender"]), a["file"])),
        "without_additions": _without_additions(len(campaign.files), len(added)) if campaign.additions else "",
    }


def _without_additions(n_members: int, n_with: int) -> str:
    """«2 svar har ingen egen tekst utover fellesbrevet» («svar» is the same in the plural)."""
    if n_with == 0:
        return "Ingen av svarene har egen tekst utover fellesbrevet."
    if n_with == n_members:
        return ""
    return f"{n_members - n_with} svar har ingen egen tekst utover fellesbrevet."


def _without_control_characters(value: Any) -> Any:
    """The view with control characters (form feeds, NULs from PDFs) turned into spaces.

    Browsers draw them as boxes and Word cannot store them at all.
    """
    if isinstance(value, str):
        return _NON_XML.sub(" ", value)
    if isinstance(value, dict):
        return {key: _without_control_characters(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_control_characters(item) for item in value]
    return value


def _category_rows(responses: list[ResponseAnalysis]) -> list[dict[str, Any]]:
    """Responses per category, in the order ministries list høringsinstanser, empty ones left out."""
    counts = [(c.value, CATEGORY_GROUP_LABELS[c], sum(r.category == c for r in responses)) for c in ActorCategory]
    return _chart_rows([row for row in counts if row[2]], len(responses))


def _stance_rows(responses: list[ResponseAnalysis]) -> list[dict[str, Any]]:
    """Responses per overall stance; every stance is shown, since a zero is news too."""
    counts = [(s.value, STANCE_LABELS[s], sum(r.stance == s for r in responses)) for s in Stance]
    return _chart_rows(counts, len(responses))


def _chart_rows(counts: list[tuple[str, str, int]], total: int) -> list[dict[str, Any]]:
    """Rows for a table and bar chart; ``bar`` is the length relative to the longest bar (0..1)."""
    largest = max((count for _, _, count in counts), default=0)
    return [
        {"key": key, "label": label, "count": count, "percent": _percent(count, total),
         "bar": count / largest if largest else 0.0}
        for key, label, count in counts
    ]


def _topic_view(topic: Topic, responses: list[ResponseAnalysis]) -> dict[str, Any]:
    """One topic: the counts, the stacked bar's segments and who is for, against and mixed."""
    positions = [(response, position_of(response, topic.id)) for response in responses]
    counts = {stance: sum(p.stance == stance for _, p in positions) for stance in TopicStance}
    segments, offset = [], 0.0
    for stance in (*_TOPIC_GROUPS, TopicStance.NOT_ADDRESSED):
        width = 1000 * counts[stance] / len(responses) if responses else 0.0
        segments.append({"key": stance.value, "x": round(offset, 2), "width": round(width, 2)})
        offset += width
    return {
        "id": topic.id,
        "name": topic.name,
        "description": topic.description,
        "counts": [
            {"key": stance.value, "label": TOPIC_STANCE_LABELS[stance], "count": counts[stance],
             "percent": _percent(counts[stance], len(responses))}
            for stance in (*_TOPIC_GROUPS, TopicStance.NOT_ADDRESSED)
        ],
        "segments": segments,
        "groups": [
            {"key": stance.value, "label": TOPIC_STANCE_LABELS[stance],
             "rows": [{**_respondent(r), "quote": f"«{p.quote}»" if p.quote else "",
                       "page": _page_label(p.page), "corrected": _correction_note(r, topic.id)}
                      for r, p in positions if p.stance == stance]}
            for stance in _TOPIC_GROUPS
            if counts[stance]
        ],
    }


REVIEW_NOTE = ("Standpunktene under er usikre: modellen var mindre sikker enn terskelen der den i testene "
               "traff i minst ni av ti tilfeller, også på temaer den ikke var trent på; der ingen terskel holdt "
               "det, er alle standpunktene av det slaget merket usikre. Les setningene som veide mest, og rett "
               "standpunktet ved behov.")


def _review_rows(analysis: HearingAnalysis, responses: list[ResponseAnalysis]) -> list[dict[str, Any]]:
    """The «usikker» calls, overall stance first, each with the sentences that weighed most."""
    names = {topic.id: topic.name for topic in topics_of(analysis)}
    rows = []
    for response in responses:
        if response.stance_uncertain:
            rows.append(_review_row(response, "Samlet standpunkt", STANCE_LABELS[response.stance],
                                    response.stance_confidence, response.stance_weighed))
        for topic_id, position in response.topics.items():
            if position.uncertain:
                rows.append(_review_row(response, names.get(topic_id, topic_id), TOPIC_STANCE_LABELS[position.stance],
                                        position.confidence, position.weighed))
    return rows


def _page_label(page: int | None) -> str:
    """«s. 3» beside a quote, nothing where the page is unknown."""
    return f"s. {page}" if page else ""


def _review_row(response: ResponseAnalysis, what: str, call: str, confidence: float | None, weighed) -> dict[str, Any]:
    return {**_respondent(response), "what": what, "call": call,
            "confidence": _percent(confidence, 1) if confidence is not None else "",
            "sentences": [f"«{q.sentence}»" + (f" (s. {q.page})" if q.page else "") for q in weighed]}


def _counts_view(analysis: HearingAnalysis) -> list[dict[str, Any]]:
    """Per topic, responses by category and topic stance: the table the summary's numbers quote."""
    rows = stance_counts(analysis)
    stances = [s for s in TopicStance]
    return [
        {"name": topic.name,
         "header": [TOPIC_STANCE_LABELS[s] for s in stances],
         "rows": [{"category": _category_group_label(row["category"]),
                   "counts": [row[s.value] for s in stances], "total": row["total"]}
                  for row in sorted(rows_of, key=lambda r: (-r["total"], r["category"]))]}
        for topic in topics_of(analysis)
        for rows_of in [[row for row in rows if row["topic_id"] == topic.id]]
        if rows_of
    ]


def _category_group_label(category: str) -> str:
    try:
        return CATEGORY_GROUP_LABELS[ActorCategory(category)]
    except ValueError:
        return category


def _category_label(category: str) -> str:
    try:
        return CATEGORY_LABELS[ActorCategory(category)]
    except ValueError:
        return category


def _arguments_view(analysis: HearingAnalysis) -> list[dict[str, Any]]:
    """Per topic with arguments: its sides, each argument with voices, categories and quotes."""
    view = []
    for topic in topics_of(analysis):
        sides = []
        for side in (TopicStance.AGAINST, TopicStance.FOR):
            arguments = [a for a in analysis.arguments if a.topic_id == topic.id and a.side is side]
            if arguments:
                main = [a for a in arguments if not a.other]
                shown = main[:REPORT_ARGUMENTS_PER_SIDE] + [a for a in arguments if a.other]
                sides.append({"label": TOPIC_STANCE_LABELS[side], "rows": [_argument_row(a) for a in shown],
                              "more": _more_arguments(main[REPORT_ARGUMENTS_PER_SIDE:])})
        if sides:
            view.append({"name": topic.name, "sides": sides})
    return view


def _more_arguments(rest: list) -> str:
    """«Ytterligere 4 argumenter, fra 2–3 høringsinstanser hver, står i analyse.json.»"""
    if not rest:
        return ""
    voices = sorted({a.n_respondents for a in rest})
    span = f"{voices[0]}" if len(voices) == 1 else f"{voices[0]}–{voices[-1]}"
    what = "argument" if len(rest) == 1 else "argumenter"
    each = "" if len(rest) == 1 else " hver"
    return f"Ytterligere {len(rest)} {what}, fra {span} høringsinstanser{each}, står i analyse.json."


def _argument_row(argument) -> dict[str, Any]:
    campaigns = ", ".join(f"{cid} ({size} svar)" for cid, size in argument.campaigns)
    return {
        "label": argument.label,
        "n_respondents": argument.n_respondents,
        "n_responses": argument.n_responses,
        "categories": ", ".join(f"{_category_label(c)} {n}" for c, n in argument.categories),
        "campaigns": campaigns,
        "quotes": [{"text": f"«{q.text}»", "sender": sender_name(q.sender),
                    "page": _page_label(q.page)} for q in argument.quotes],
    }


def _camps_view(analysis: HearingAnalysis) -> dict[str, Any]:
    sender_of = {response.file: sender_name(response.sender) for response in analysis.responses}
    names = {topic.id: topic.name for topic in topics_of(analysis)}
    return {
        "rows": [
            {"id": camp.camp_id, "label": camp.label, "size": len(camp.files),
             "categories": ", ".join(f"{_category_label(c)} {n}" for c, n in camp.categories),
             "positions": "; ".join(f"{names.get(p.topic_id, p.topic_id)}: {p.count} av {p.addressed} "
                                    f"{TOPIC_STANCE_LABELS.get(_topic_stance(p.stance), p.stance).lower()}"
                                    for p in camp.positions),
             "members": sorted((sender_of.get(f, f) for f in camp.files), key=_norwegian_key)}
            for camp in analysis.camps
        ],
        "outside": sorted((sender_of.get(f, f) for f in no_camp_files(analysis)), key=_norwegian_key),
    }


def _topic_stance(value: str) -> TopicStance | str:
    try:
        return TopicStance(value)
    except ValueError:
        return value


def _respondent(response: ResponseAnalysis) -> dict[str, str]:
    return {"sender": _sender_label(response) + _mark(response, "sender"),
            "category": CATEGORY_LABELS[response.category] + _mark(response, "category"), "file": response.file}


def _mark(response: ResponseAnalysis, field: str) -> str:
    """« (korrigert)» after a value an analyst changed, so the reader knows it is not the machine's."""
    return f" {CORRECTED}" if field in response.corrected else ""


def _correction_note(response: ResponseAnalysis, field: str) -> str:
    """«(korrigert: the analyst's comment)» for a changed value, else empty."""
    for correction in response.corrections:
        if correction.field == field and correction.changed:
            return CORRECTED_WITH_COMMENT.format(comment=correction.comment) if correction.comment else CORRECTED
    return ""


def _has_corrections(analysis: HearingAnalysis) -> bool:
    return bool(analysis.agreement or analysis.correction_problems)


def _corrections_view(analysis: HearingAnalysis, responses: list[ResponseAnalysis]) -> dict[str, Any]:
    """How often the machine agreed with the analyst, field by field, and every value the analyst
    changed (rows that confirmed the machine are counted in the table, listed in analyse.json)."""
    names = {**{field: name.capitalize() for field, name in FIELD_NAMES.items()},
             **{topic.id: topic.name for topic in topics_of(analysis)}}
    agreed = sum(a.agreed for a in analysis.agreement)
    total = sum(a.total for a in analysis.agreement)
    return {
        "intro": _CORRECTIONS_INTRO.format(agreed=agreed, total=total) if total else _NO_CORRECTIONS,
        "agreement": [{"field": names.get(a.field, a.field), "agreed": a.agreed, "total": a.total,
                       "percent": _percent(a.agreed, a.total)} for a in analysis.agreement],
        "rows": [{"sender": _sender_label(r), "file": r.file, "field": names.get(c.field, c.field),
                  "machine": _value_label(c.field, c.machine),
                  "value": _value_label(c.field, c.value), "comment": c.comment}
                 for r in responses for c in r.corrections if c.changed],
        "problems": list(analysis.correction_problems),
    }


def _value_label(field: str, value: str | None) -> str:
    """A corrected field's value as the report names it elsewhere («Går imot», «Kommune», «Mot»)."""
    if value is None:
        return UNKNOWN_SENDER
    labels = {"category": {c.value: label for c, label in CATEGORY_LABELS.items()},
              "stance": {s.value: label for s, label in STANCE_LABELS.items()},
              "no_comment": {"true": "Ja", "false": "Nei"},
              "sender": {}}
    return labels.get(field, {t.value: label for t, label in TOPIC_STANCE_LABELS.items()}).get(value, value)


def _sender_label(response: ResponseAnalysis) -> str:
    """The sender as the report shows it: «Ukjent avsender» where the letter does not say."""
    return response.sender or UNKNOWN_SENDER


def _norwegian_key(text: str) -> str:
    return text.casefold().translate(_NORWEGIAN_ORDER)


def _percent(count: float, total: float) -> str:
    return f"{round(100 * count / total)}\u00a0%" if total else "–"


def _decimal(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _long_date(date: dt.date) -> str:
    return f"{date.day}. {_MONTHS[date.month - 1]} {date.year}"


def _short_date(date: dt.date | None) -> str:
    return date.strftime("%d.%m.%Y") if date else ""


def _date_time(moment: dt.datetime) -> str:
    return moment.strftime("%d.%m.%Y kl. %H:%M")


# --- DOCX ------------------------------------------------------------------------------------

def _render_docx(context: dict[str, Any]) -> bytes:
    """The report as a Word document, section by section in :data:`REPORT_OUTLINE` (tables, no charts)."""
    hearing = context["hearing"]
    document = docx.Document()
    document.core_properties.title = hearing["title"]
    document.add_heading(hearing["title"], 0)
    facts = [
        ("Departement", hearing["ministry"]), ("Referanse", hearing["reference"]),
        ("Høringsfrist", hearing["deadline"]), ("Høringsside", hearing["url"]),
        ("Svar analysert", context["n_responses"]), ("Svar som ikke kunne leses", context["n_failures"]),
    ]
    _docx_table(document, ("", ""), [(label, value) for label, value in facts if value != ""])
    for section in context["sections"]:
        document.add_heading(section["title"], 1)
        _DOCX_SECTIONS[section["id"]](document, context)
    run = context["run"]
    document.add_paragraph(f"Laget med horingsanalyse {run['version']}, modell {run['pipeline']}. "
                           f"Startet {run['started']}, ferdig {run['finished']}. "
                           f"{run['n_new']} nye svar analysert, {run['n_cached']} hentet fra tidligere kjøringer.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_categories(document: Any, context: dict[str, Any]) -> None:
    _docx_table(document, ("Kategori", "Antall", "Andel"),
                [(row["label"], row["count"], row["percent"]) for row in context["categories"]])


def _docx_stances(document: Any, context: dict[str, Any]) -> None:
    _docx_table(document, ("Standpunkt", "Antall", "Andel"),
                [(row["label"], row["count"], row["percent"]) for row in context["stances"]])


def _docx_no_comment(document: Any, context: dict[str, Any]) -> None:
    _docx_list(document, [f"{r['sender']} ({r['category']})" for r in context["no_comment"]],
               "Ingen svar var uten merknader.")


def _docx_topics(document: Any, context: dict[str, Any]) -> None:
    for topic in context["topics"]:
        _docx_topic(document, topic)


def _docx_review(document: Any, context: dict[str, Any]) -> None:
    if not context["review"]:
        document.add_paragraph("Ingen usikre standpunkt.")
        return
    document.add_paragraph(REVIEW_NOTE)
    _docx_table(document, ("Høringsinstans", "Gjelder", "Maskinens standpunkt", "Sikkerhet", "Setningene som veide mest"),
                [(r["sender"], r["what"], r["call"], r["confidence"], "\n".join(r["sentences"]))
                 for r in context["review"]])


def _docx_campaigns(document: Any, context: dict[str, Any]) -> None:
    for campaign in context["campaigns"]:
        document.add_heading(f"{campaign['id']}: {campaign['count']} svar, likhet {campaign['similarity']}", 2)
        document.add_paragraph(", ".join(campaign["members"]))
        if campaign["additions"]:
            document.add_heading(ADDITIONS_HEADING, 3)
            _docx_table(document, ("Høringsinstans", "Egen tekst"),
                        [(a["sender"], "\n".join(a["passages"])) for a in campaign["additions"]])
        if campaign["without_additions"]:
            document.add_paragraph(campaign["without_additions"])
    if not context["campaigns"]:
        document.add_paragraph("Ingen likelydende svar ble funnet.")


def _docx_missing_instanser(document: Any, context: dict[str, Any]) -> None:
    _docx_list(document, context["missing_instanser"], "Alle på høringslisten har svart.")


def _docx_failures(document: Any, context: dict[str, Any]) -> None:
    _docx_table(document, ("Fil", "Årsak"), [(f["file"], f["reason"]) for f in context["failures"]])


def _docx_reading(document: Any, context: dict[str, Any]) -> None:
    reading = context["reading"]
    for warning in reading["run"]:
        document.add_paragraph(warning, style="List Bullet")
    if reading["responses"] or not reading["run"]:
        _docx_table(document, ("Høringsinstans", "Fil", "Merknad"),
                    [(r["sender"], r["file"], "; ".join(r["warnings"])) for r in reading["responses"]])


def _docx_unknown_senders(document: Any, context: dict[str, Any]) -> None:
    document.add_paragraph("Disse svarene sier ikke sikkert hvem som har skrevet dem. Kontroller avsenderen i "
                           "høringsportalen eller i følgebrevet.")
    _docx_table(document, ("Fil", "Hvorfor", "Nærmeste linje", "Side"),
                [(r["file"], r["note"], r["evidence"], r["page"]) for r in context["unknown_senders"]])


def _docx_corrections(document: Any, context: dict[str, Any]) -> None:
    corrections = context["corrections"]
    document.add_paragraph(corrections["intro"])
    _docx_table(document, ("Felt", "Maskinen stemte", "Korreksjoner", "Andel"),
                [(a["field"], a["agreed"], a["total"], a["percent"]) for a in corrections["agreement"]])
    if corrections["rows"]:
        _docx_table(document, ("Høringsinstans", "Felt", "Maskinen", "Korrigert til", "Kommentar"),
                    [(r["sender"], r["field"], r["machine"], r["value"], r["comment"]) for r in corrections["rows"]])
    for problem in corrections["problems"]:
        document.add_paragraph(problem, style="List Bullet")


def _docx_responses(document: Any, context: dict[str, Any]) -> None:
    _docx_table(document, ("Høringsinstans", "Kategori", "Dato", "Standpunkt", "Fil"),
                [(r["sender"], r["category"], r["date"], r["stance"], r["file"]) for r in context["responses"]])


def _docx_repairs(document: Any, context: dict[str, Any]) -> None:
    if context["n_repairs"] > len(context["repairs"]):
        document.add_paragraph(f"Viser de første {len(context['repairs'])} av {context['n_repairs']} rettinger; "
                               "alle står i analyse.json.")
    _docx_table(document, ("Fil", "Side", "Før", "Etter", "Sikkerhet"),
                [(r["file"], r["page"], r["before"], r["after"], r["confidence"]) for r in context["repairs"]])


def _docx_summary(document: Any, context: dict[str, Any]) -> None:
    for topic in context["summary"]:
        document.add_heading(topic["name"], 2)
        document.add_paragraph(topic["text"])
    if not context["summary"]:
        document.add_paragraph("Høringen har ingen tema definert i horing.toml.")


def _docx_counts(document: Any, context: dict[str, Any]) -> None:
    for topic in context["counts"]:
        document.add_heading(topic["name"], 2)
        _docx_table(document, ("Kategori", *topic["header"], "Svar"),
                    [(r["category"], *r["counts"], r["total"]) for r in topic["rows"]])
    if not context["counts"]:
        document.add_paragraph("Ingen svar er analysert.")


def _docx_arguments(document: Any, context: dict[str, Any]) -> None:
    for topic in context["arguments"]:
        document.add_heading(topic["name"], 2)
        for side in topic["sides"]:
            document.add_heading(side["label"], 3)
            _docx_table(document, ("Argument", "Høringsinstanser", "Kategorier", "Sitater"),
                        [(a["label"], f"{a['n_respondents']} ({a['n_responses']} svar)"
                          + (f"; {a['campaigns']}" if a["campaigns"] else ""), a["categories"],
                          "\n".join(f"{q['text']} – {q['sender']}{', ' + q['page'] if q['page'] else ''}"
                                    for q in a["quotes"]))
                         for a in side["rows"]])
            if side["more"]:
                document.add_paragraph(side["more"])
    if not context["arguments"]:
        document.add_paragraph("Ingen argumenter ble funnet.")


def _docx_camps(document: Any, context: dict[str, Any]) -> None:
    camps = context["camps"]
    for camp in camps["rows"]:
        document.add_heading(f"{camp['id']}: {camp['size']} høringsinstanser", 2)
        document.add_paragraph(camp["label"])
        document.add_paragraph(f"Standpunkt: {camp['positions']}")
        document.add_paragraph(", ".join(camp["members"]))
    if not camps["rows"]:
        document.add_paragraph("Ingen grupper ble funnet.")
    if camps["outside"]:
        document.add_paragraph(f"Passer ikke i noen gruppe ({len(camps['outside'])}): " + ", ".join(camps["outside"]))


_DOCX_SECTIONS = {
    "oppsummering": _docx_summary,
    "tall": _docx_counts,
    "hovedargumenter": _docx_arguments,
    "grupper": _docx_camps,
    "instanser": _docx_categories,
    "standpunkt": _docx_stances,
    "uten-merknader": _docx_no_comment,
    "tema": _docx_topics,
    "til-kontroll": _docx_review,
    "likelydende": _docx_campaigns,
    "ikke-svart": _docx_missing_instanser,
    "feil": _docx_failures,
    "lesing": _docx_reading,
    "ukjent-avsender": _docx_unknown_senders,
    "korreksjoner": _docx_corrections,
    "vedlegg-svar": _docx_responses,
    "vedlegg-rettinger": _docx_repairs,
}


def _docx_topic(document: Any, topic: dict[str, Any]) -> None:
    document.add_heading(topic["name"], 2)
    if topic["description"]:
        document.add_paragraph(topic["description"])
    document.add_paragraph(" · ".join(f"{c['label']}: {c['count']} ({c['percent']})" for c in topic["counts"]))
    for group in topic["groups"]:
        document.add_heading(f"{group['label']} ({len(group['rows'])})", 3)
        _docx_table(document, ("Høringsinstans", "Kategori", "Sitat", "Side"),
                    [(r["sender"], r["category"], " ".join(filter(None, (r["quote"], r["corrected"]))), r["page"])
                     for r in group["rows"]])


def _docx_table(document: Any, header: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """A grid table with a bold header row (left out when all headings are empty).

    python-docx makes the table itself (style, column grid); the rows are written as one XML
    string and parsed once, because its ``add_row`` and ``cell.text`` cost about a millisecond
    a row, which made the Word report the slowest part of re-running a large hearing. The cells
    are what ``cell.text = ...`` would make: one run, tabs and line breaks as Word's own.
    """
    if not rows:
        document.add_paragraph("Ingen.")
        return
    table = document.add_table(rows=0, cols=len(header), style="Table Grid")
    widths = [column.width.twips for column in table.columns]
    lines = [_docx_row_xml(widths, header, bold=True)] if any(header) else []
    lines += [_docx_row_xml(widths, row, bold=False) for row in rows]
    table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(lines)}</w:tbl>"))  # no public handle on w:tbl


def _docx_row_xml(widths: list[int], values: tuple[Any, ...], *, bold: bool) -> str:
    run_properties = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return "<w:tr>" + "".join(
        f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>'
        f"<w:p><w:r>{run_properties}{_docx_run_content(str(value))}</w:r></w:p></w:tc>"
        for width, value in zip(widths, values)) + "</w:tr>"


def _docx_run_content(text: str) -> str:
    """A run's XML for ``text``, escaped: tabs as ``w:tab``, line ends as ``w:br``, and space kept
    at the ends of a piece (as python-docx writes a run's text)."""
    pieces = []
    for piece in _DOCX_RUN_BREAKS.split(text):
        if piece == "\t":
            pieces.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            pieces.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if piece.strip() != piece else ""
            pieces.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    return "".join(pieces)


def _docx_list(document: Any, items: list[str], empty: str) -> None:
    for item in items:
        document.add_paragraph(item, style="List Bullet")
    if not items:
        document.add_paragraph(empty)
