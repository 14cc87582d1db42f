"""The incremental run over a hearing folder, as made at each høringsfrist.

Every response goes extract → repair → tag, unless the store already holds it (same content,
same analysis settings). A file that cannot be read becomes a :class:`Failure` with its reason
and the batch goes on; campaigns, arguments and camps are found across all responses, old and
new, at the end.

The new responses are analysed in worker processes (``workers``, one pipeline each) or on a
Dask cluster (``cluster``), see :mod:`.workers`; their results come back to this process,
which alone writes the store, as each is made.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from spacy.pipeline import Sentencizer
from tqdm import tqdm

from . import __version__
from .actors.copies import without_copied_senders
from .adaptation import Adaptation, adaptation_from, called_again, teach
from .analysis import HearingAnalysis
from .arguments import find_arguments
from .camps import find_camps
from .cluster import find_campaigns
from .config import DEFAULT_OUT_DIR, SUPPORTED_SUFFIXES, Hearing, load_hearing
from .corrections import CorrectionSheet, agreement, apply_corrections, read_corrections
from .errors import ClusterError, ConfigError, CorrectionError, ExtractionError, OutputError
from .extensions import POSITIONS_SPAN_KEY
from .extract import DEFAULT_EXTRACT_SETTINGS, extract_letter, file_sha256
from .gazetteer import normalise_name
from .keyphrases import KeyPhrase, load_tagger, sentence_phrases
from .kept import Kept
from .nlp import build_pipeline, detect_language, make_letter_doc, pipeline_label
from .repair import repair_letter
from .report import write_outputs
from .runlock import OutputLock
from .serialize import from_jsonable, to_jsonable
from .stance.models import load_stance_model
from .store import Store
from .types import (
    ActorCategory,
    Campaign,
    Evidence,
    Failure,
    Letter,
    Quote,
    ResponseAnalysis,
    RunSummary,
    Stance,
    StanceRows,
    TopicPosition,
    TopicStance,
)
from .workers import Job, default_workers, in_process, in_worker_processes, on_dask_cluster, require_dask

STORE_FILE = "analyse.sqlite"
UNNAMED_NOTE = "Teksten sier ikke sikkert hvem som har skrevet svaret."
_IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini"})
# Components whose annotations no part of the analysis reads (lemmas, part of speech and
# morphology): the batch skips them. The sender candidates read doc.ents, so the entity ruler
# and NER run; the sentences come from the senter, which reads tok2vec, not the morphologizer.
# A component that starts reading lemmas or tags must take their producer off this list
# (tests/test_workers.py compares both ways).
UNREAD_PIPES = ("trainable_lemmatizer", "lemmatizer", "morphologizer", "tagger")

Analysed = tuple[ResponseAnalysis, str, dict[str, tuple[KeyPhrase, ...]]]  # a response's analysis, text, key phrases


def run_hearing(path: Path | str, out_dir: Path | str = DEFAULT_OUT_DIR, *, model: str | None = None,
                progress: bool = False, wait: bool = False, workers: int | None = None,
                cluster: str | None = None, mask_private: bool = False) -> tuple[HearingAnalysis, dict[str, Path]]:
    """Analyse a hearing folder and write its report, data files and store under ``out_dir``.

    Only one run at a time works on an output folder: a second one stops with
    :class:`RunInProgressError`, or waits when ``wait`` is true. ``workers`` and ``cluster``
    are as for :func:`analyse_hearing`. With ``mask_private`` the reports and data files name
    private persons «Privatperson 1», «Privatperson 2» … (the store keeps their names).

    Returns the analysis and the paths written (``rapport.html``, ``analyse.json`` …).
    """
    hearing = load_hearing(path)
    target = Path(out_dir) / hearing.slug
    if _is_inside(target, hearing.path):
        raise ConfigError(target, "output must not be written inside the hearing folder")
    with OutputLock(target, wait=wait):
        analysis = analyse_hearing(hearing, store_path=target / STORE_FILE, model=model, progress=progress,
                                   workers=workers, cluster=cluster)
        try:
            written = write_outputs(analysis, target, mask_private=mask_private)
        except OSError as exc:
            raise OutputError(target, f"the report cannot be written ({exc.strerror or exc})") from exc
    return analysis, written


def analyse_hearing(hearing: Hearing | Path | str, *, store_path: Path | str | None = None,
                    model: str | None = None, progress: bool = False, workers: int | None = None,
                    cluster: str | None = None) -> HearingAnalysis:
    """Analyse every response of a hearing; the Python API behind ``horingsanalyse run``.

    Each new result is committed to the store as soon as it is made, so a run that is killed
    loses nothing it finished, and the next run analyses only what is missing. Only this
    process writes the store; workers send their results back to it.

    The analyst's ``korreksjoner.csv`` (see :mod:`.corrections`) is applied to the results
    after the store, so every run shows the corrected values and the store keeps the
    machine's; ``agreement`` says how often the machine agreed with them (the shipped stance
    model's calls: the adapted one has learnt from those very letters). Its corrected stances
    also adapt the stance model (:mod:`.adaptation`): the letters already stored teach the
    pipeline that reads the new ones, and every letter's stances are called again by the model
    adapted with all corrected letters.

    Args:
        hearing: a hearing folder (or an already loaded :class:`Hearing`).
        store_path: the SQLite store to reuse earlier results from; in memory when ``None``.
        model: a spaCy pipeline name or path (see :func:`horingsanalyse.nlp.load_pipeline`).
        progress: show a progress bar on stderr.
        workers: processes to analyse new responses in, each with its own pipeline; ``None``
            for one per core, 1 to analyse them in this process.
        cluster: the address of a Dask scheduler (``tcp://host:8786``) to send the new
            responses to instead; needs ``horingsanalyse[dask]`` here and on its workers.

    Raises:
        ClusterError: ``cluster`` cannot be used (see :func:`horingsanalyse.workers.connect`).
    """
    if not isinstance(hearing, Hearing):
        hearing = load_hearing(hearing)
    if cluster is not None:
        require_dask(cluster)
    started = dt.datetime.now(dt.timezone.utc)
    nlp = build_pipeline(hearing, name_or_path=model)
    pipeline = pipeline_label(nlp)
    key = analysis_key(hearing, nlp)
    files, failures = list_responses(hearing)
    sheet = read_corrections(hearing, [*(path.relative_to(hearing.responses_dir).as_posix() for path in files),
                                       *(failure.file for failure in failures)])
    found: dict[int, tuple[ResponseAnalysis, str]] = {}
    n_new = n_cached = 0
    with (Store(store_path or ":memory:") as store,
          tqdm(total=len(files), desc=hearing.slug, unit="svar", disable=not progress, delay=1.0) as bar):
        run_warnings = [*missing_tools(), *_store_notice(store)]
        run_id = store.start_run(__version__, pipeline, key)
        jobs: list[Job] = []
        copies: dict[str, list[Job]] = {}  # later files with the content of a file to analyse
        for index, path in enumerate(files):
            relative = path.relative_to(hearing.responses_dir).as_posix()
            try:
                digest = file_sha256(path)
                cached = store.get(digest, key)
            except ExtractionError as exc:
                failures.append(Failure(relative, exc.reason))
            except Exception as exc:  # one broken response must not stop the batch
                failures.append(Failure(relative, _unexpected(exc)))
            else:
                if cached is not None:
                    found[index] = (replace(cached[0], file=relative), cached[1])
                    n_cached += 1
                elif digest in copies:
                    copies[digest].append(Job(index, path, relative, digest))
                    continue
                else:
                    copies[digest] = []
                    jobs.append(Job(index, path, relative, digest))
                    continue
            bar.update()
        shipped = load_stance_model()
        taught = adaptation_from([response for response, _ in found.values()], sheet.corrections)
        teach(nlp, hearing, taught, shipped)
        new_phrases: dict[str, tuple[KeyPhrase, ...]] = {}
        for job, outcome in _analysed(jobs, nlp, hearing, model, key, taught, workers=workers, cluster=cluster):
            if isinstance(outcome, Failure):
                failures.append(outcome)
            else:
                analysed, text, phrases = outcome
                store.put(key, analysed, text, run_id)
                found[job.index] = (analysed, text)
                new_phrases.update(phrases)
                n_new += 1
            same_content = copies.pop(job.sha256)
            for copy in same_content:  # as a run one file at a time would read them from the store
                if isinstance(outcome, Failure):
                    failures.append(replace(outcome, file=copy.relative))
                else:
                    found[copy.index] = (replace(analysed, file=copy.relative), text)
                    n_cached += 1
            bar.update(1 + len(same_content))
        stored = [found[index][0] for index in sorted(found)]
        texts = [found[index][1] for index in sorted(found)]
        kept = Kept(store.kept(key))
        campaigns = tuple(find_campaigns(texts, [r.file for r in stored], kept=kept))
        store.finish_run(run_id, n_new, n_cached, failures)
        phrases = _stored_phrases(store, key)
    labelled_before = set(phrases)
    phrases.update((text, found) for text, found in new_phrases.items() if text not in labelled_before)
    adaptation = adaptation_from(stored, sheet.corrections)

    def read_by(stance_model):
        return with_endorsements(without_copied_senders(
            _with_campaigns(called_again(stored, stance_model), campaigns), texts, kept))

    responses = read_by(adaptation.model(shipped))
    # The analyst's corrections are applied after the store has the machine's results, never
    # into them: so they hold on every run, whatever the analysis key, and can be compared.
    topic_ids = [topic.id for topic in hearing.topics]
    machine = read_by(shipped) if adaptation.letters else responses
    agreed = agreement(machine, sheet.corrections, topic_ids)
    responses = list(apply_corrections(responses, sheet.corrections, hearing.instanser, machine))
    arguments = find_arguments(responses, topic_ids, campaigns, {t.id: [t.name, *t.cues] for t in hearing.topics},
                               known_phrases=phrases, kept=kept)
    _keep_new_phrases(store_path, key, phrases, labelled_before)
    _keep_results(store_path, key, kept)
    run = RunSummary(started=started, finished=dt.datetime.now(dt.timezone.utc), version=__version__,
                     pipeline=pipeline, n_new=n_new, n_cached=n_cached, analysis_key=key,
                     warnings=tuple(run_warnings), stance_adapted_with=adaptation.letters)
    return HearingAnalysis(hearing=hearing, responses=tuple(responses), campaigns=campaigns,
                           failures=tuple(sorted(failures, key=lambda f: f.file)), run=run,
                           arguments=arguments,
                           camps=find_camps(responses, topic_ids, {t.id: t.name for t in hearing.topics}),
                           agreement=agreed, adapted_agreement=adaptation.held_out_agreement(shipped),
                           correction_problems=tuple(
                               f"{p.path.name}: {p.key}: {p.reason}"
                               for p in sorted((*sheet.problems, *_uncorrectable(sheet, failures)),
                                               key=lambda p: p.line)))


def _uncorrectable(sheet: CorrectionSheet, failures: list[Failure]) -> list[CorrectionError]:
    """Corrections of files that could not be analysed: there is no reading to correct."""
    failed = {failure.file for failure in failures}
    return [CorrectionError(sheet.path, c.line, f"{c.file} could not be analysed (see the failures), "
                                                "so there is nothing to correct")
            for c in sheet.corrections if c.file in failed]


def _analysed(jobs: list[Job], nlp, hearing: Hearing, model: str | None, key: str, taught: Adaptation, *,
              workers: int | None, cluster: str | None) -> Iterator[tuple[Job, Analysed | Failure]]:
    """Each job's result (or failure) as it is made: here, in worker processes or on a cluster.
    ``nlp`` has been taught ``taught`` already; the workers teach their own pipelines the same.

    Worker processes forked from this one use the run's pipeline; a Dask worker (or one not
    forked) builds its own. Each says under which analysis key it analysed; a worker whose key
    is not this run's (another version of the package or pipeline on a cluster
    machine) stops the run rather than storing results made by other rules.
    """
    if not jobs:
        return
    n_workers = min(workers or default_workers(), len(jobs))
    if cluster is None and n_workers <= 1:
        results = in_process(lambda job, data: (key, analyse_job(nlp, hearing, job, data)), jobs)
    else:
        work = ResponseWork(hearing, _portable_model(model), taught)
        if cluster is not None:
            results = on_dask_cluster(cluster, work, jobs, _crashed)
        else:
            load_tagger()  # the key phrases' tagger, loaded once here for every forked worker
            _share_with_forked_workers(work, nlp, key)
            results = in_worker_processes(work, jobs, n_workers, _crashed, warm=work.warm)
    try:
        for job, result in results:
            if isinstance(result, Failure):  # the worker died: no key came back
                yield job, result
                continue
            worker_key, outcome = result
            if worker_key != key:
                raise ClusterError(cluster or "worker process", f"a worker analyses under analysis key {worker_key}, "
                                   f"this run under {key}: its horingsanalyse package or spaCy pipeline differs; "
                                   "install the same version on every worker")
            yield job, outcome
    finally:
        _share_with_forked_workers(None, None, None)


def _crashed(job: Job, reason: str) -> Failure:
    return Failure(job.relative, reason)


def _unexpected(exc: Exception) -> str:
    return f"unexpected error while analysing: {type(exc).__name__}: {exc}"


def _portable_model(model: str | None) -> str | None:
    """A ``--model`` folder as an absolute path, so a worker started elsewhere finds it too."""
    if model is not None and Path(model).exists():
        return str(Path(model).resolve())
    return model


def analyse_job(nlp, hearing: Hearing, job: Job, data: bytes | None = None) -> Analysed | Failure:
    """One job's analysis, text and key phrases, or its :class:`Failure`: never an exception.

    ``data``, when given, is the file's content, sent to a worker that cannot see the hearing
    folder; it is analysed from a temporary copy under the same relative name.
    """
    try:
        if data is None:
            analysed, text = analyse_file(nlp, hearing, job.path, sha256=job.sha256)
        else:
            with tempfile.TemporaryDirectory(prefix="horingsanalyse-") as folder:
                copy = Path(folder, job.relative)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_bytes(data)
                analysed, text = analyse_file(nlp, hearing, copy, sha256=job.sha256, responses_dir=Path(folder))
        return analysed, text, evidence_phrases(analysed)
    except ExtractionError as exc:
        return Failure(job.relative, exc.reason)
    except Exception as exc:  # one broken response must not stop the batch
        return Failure(job.relative, _unexpected(exc))


_worker_state = threading.local()  # a Dask worker may run tasks in several threads
_forked_pipeline = None  # (work, pipeline, key) the run has built, which its forked workers inherit


def _share_with_forked_workers(work: ResponseWork | None, nlp, key: str | None) -> None:
    """Leave the run's own pipeline where worker processes forked from this one find it, so
    they do not build theirs (``None`` lets it go again once the workers are done)."""
    global _forked_pipeline
    _forked_pipeline = (work, nlp, key) if work is not None else None


@dataclass(frozen=True)
class ResponseWork:
    """The per-response work as a worker gets it: what to build the pipeline from, then jobs.

    Called as ``work(job, data)``, it returns ``(analysis_key, result or Failure)``. The
    pipeline is the one a forked worker inherited from the run for this work, else built on
    the first call (or by :meth:`warm`); it is kept for the next jobs of the same hearing, one
    per worker thread.
    """

    hearing: Hearing
    model: str | None
    taught: Adaptation = Adaptation()  # the corrected letters the stance model learns from

    def warm(self) -> None:
        self._pipeline()

    def __call__(self, job: Job, data: bytes | None = None) -> tuple[str, Analysed | Failure]:
        nlp, key = self._pipeline()
        return key, analyse_job(nlp, self.hearing, job, data)

    def _pipeline(self):
        kept = getattr(_worker_state, "pipeline", None)
        if kept is None or kept[0] != self:
            _worker_state.pipeline = None  # let the previous hearing's pipeline go first
            if _forked_pipeline is not None and _forked_pipeline[0] == self:
                kept = _worker_state.pipeline = _forked_pipeline  # the run's own, already taught
            else:
                nlp = build_pipeline(self.hearing, name_or_path=self.model)
                teach(nlp, self.hearing, self.taught, load_stance_model())
                kept = _worker_state.pipeline = (self, nlp, analysis_key(self.hearing, nlp))
        return kept[1], kept[2]


def _stored_phrases(store: Store, key: str) -> dict[str, tuple[KeyPhrase, ...]]:
    """The argument labels' key phrases of the sentences earlier runs labelled: a re-run tags
    only new sentences (tagging every evidence sentence again was most of a re-run's time)."""
    return {text: tuple(from_jsonable(KeyPhrase, p) for p in json.loads(value))
            for text, value in store.phrases(key).items()}


def _keep_new_phrases(store_path: Path | str | None, key: str, phrases: dict[str, tuple[KeyPhrase, ...]],
                      labelled_before: set[str]) -> None:
    new = {text: json.dumps([to_jsonable(p) for p in found], ensure_ascii=False)
           for text, found in phrases.items() if text not in labelled_before}
    if new and store_path is not None:
        with Store(store_path) as store:
            store.put_phrases(key, new)


def _keep_results(store_path: Path | str | None, key: str, kept: Kept) -> None:
    """Store the campaigns and argument clusters made in this run (a re-run reads them back
    unless their inputs changed) and drop those no longer asked for."""
    stale = kept.stale
    if store_path is not None and (kept.made or stale):
        with Store(store_path) as store:
            store.keep(key, kept.made, stale)


def missing_tools() -> list[str]:
    """What this machine lacks that the analysis would use, said once per run (not per page)."""
    from .extract.ocr import tesseract_problem
    from .repair.lexicon import hunspell_dictionaries

    problems = []
    ocr_problem = tesseract_problem(DEFAULT_EXTRACT_SETTINGS)
    if ocr_problem:
        problems.append(f"OCR is not available ({ocr_problem}): scanned pages and garbled text layers are not re-read")
    if not hunspell_dictionaries():
        problems.append("the Norwegian hunspell dictionaries (nb_NO, nn_NO) are not installed: "
                        "the repair of garbled words relies on word frequencies alone")
    return problems


def _store_notice(store: Store) -> list[str]:
    if store.rebuilt_from is None:
        return []
    return [f"the store {store.path.name} was written by an older horingsanalyse (store schema "
            f"{store.rebuilt_from}) and was rebuilt: every response was analysed again"]


def analyse_file(nlp, hearing: Hearing, path: Path, *, sha256: str | None = None,
                 responses_dir: Path | None = None) -> tuple[ResponseAnalysis, str]:
    """Extract, repair and tag one response file; returns the analysis and its body text.

    ``sha256``, when the caller has it, spares reading the file a second time to hash it;
    ``responses_dir`` is the folder its name is taken relative to (the hearing's ``svar/``).
    The pipeline's components no part of the analysis reads (:data:`UNREAD_PIPES`) are skipped.
    """
    letter = repair_letter(extract_letter(path, relative_to=responses_dir or hearing.responses_dir, sha256=sha256))
    doc = make_letter_doc(nlp, [page.text for page in letter.pages], sender_hint=letter.metadata.sender,
                          file_name=letter.file, disable=[name for name in nlp.pipe_names if name in UNREAD_PIPES])
    return response_from_doc(doc, letter, hearing), letter.text


def evidence_phrases(response: ResponseAnalysis) -> dict[str, tuple[KeyPhrase, ...]]:
    """The key phrases of a response's evidence sentences, which the argument labels read.

    Found where the response is analysed, so that workers tag them side by side rather than
    the run one after the other once they are done (the same tagger, one sentence at a time,
    so the same phrases)."""
    texts = [item.sentence for item in response.evidence if item.sentence.strip()]
    return dict(zip(texts, sentence_phrases(texts)))


def response_from_doc(doc, letter: Letter, hearing: Hearing) -> ResponseAnalysis:
    """Collect what the pipeline's components put on the ``Doc`` into a plain result."""
    actor = doc._.actor
    evidence_start = actor.get("evidence_start")
    topics = {
        topic_id: TopicPosition(topic_id=topic_id, stance=TopicStance(found["stance"]), quote=found["quote"],
                                page=found["page"], score=found["score"], confidence=found["confidence"],
                                uncertain=found["uncertain"], weighed=_quotes(found["weighed"]))
        for topic_id, found in doc._.topics.items()
    }
    return ResponseAnalysis(
        file=letter.file,
        sha256=letter.sha256,
        sender=actor["name"],
        category=ActorCategory(actor["category"]),
        date=letter.metadata.date,
        no_comment=doc._.no_comment,
        stance=Stance(doc._.stance),
        topics=topics,
        repairs=letter.repairs,
        language=detect_language(letter.text),
        pages=len(letter.pages),
        instans=actor["instans"],
        no_comment_quote=doc._.no_comment_quote,
        endorsement_quote=(doc._.endorsement or {}).get("quote"),
        endorsement_page=(doc._.endorsement or {}).get("page"),
        evidence=tuple(evidence_from_doc(doc)),
        warnings=letter.warnings,
        sender_confidence=actor.get("confidence"),
        sender_evidence=actor.get("evidence"),
        sender_evidence_page=(bisect.bisect_right(doc._.page_starts, evidence_start)
                              if evidence_start is not None and doc._.page_starts else None),
        private_person=bool(actor.get("private")),
        sender_note=None if actor["name"] else UNNAMED_NOTE,
        stance_confidence=doc._.stance_confidence,
        stance_uncertain=bool(doc._.stance_uncertain),
        stance_weighed=_quotes(doc._.stance_weighed or ()),
        stance_rows=_stance_rows(doc._.stance_rows),
    )


def _stance_rows(rows: dict | None) -> StanceRows | None:
    if rows is None:
        return None
    return StanceRows(topics={t: tuple(row) for t, row in rows["topics"].items()}, overall=tuple(rows["overall"]))


def _quotes(weighed) -> tuple[Quote, ...]:
    return tuple(Quote(sentence=item["quote"], page=item["page"]) for item in weighed)


def evidence_from_doc(doc) -> list[Evidence]:
    """The stance-bearing sentences the positions component marked, as plain data."""
    return [
        Evidence(topic_id=span.label_, stance=TopicStance(span._.stance), sentence=span.text, page=span._.page,
                 start=span.start_char, end=span.end_char, score=span._.score)
        for span in doc.spans.get(POSITIONS_SPAN_KEY, ())
    ]


def list_responses(hearing: Hearing) -> tuple[list[Path], list[Failure]]:
    """The response files in ``svar/``, and the entries refused (links out, unknown types)."""
    files, refused = [], []
    root = hearing.path.resolve()
    for path in _walk(hearing.responses_dir):
        relative = path.relative_to(hearing.responses_dir).as_posix()
        if path.is_symlink() and not _is_inside(path.resolve(), root):
            refused.append(Failure(relative, "is a link to a file outside the hearing folder; links are not followed"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            refused.append(Failure(relative, f"unsupported file type {path.suffix or '(none)'!r}; "
                                             f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"))
        else:
            files.append(path)
    return files, refused


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder`` in name order, skipping hidden and system files; links not descended."""
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith(".") or path.name.lower() in _IGNORED_NAMES:
            continue
        if path.is_dir() and not path.is_symlink():
            yield from _walk(path)
        elif path.is_file() or path.is_symlink():
            yield path


def _with_campaigns(responses: list[ResponseAnalysis], campaigns: tuple[Campaign, ...]) -> list[ResponseAnalysis]:
    campaign_of = {file: c.campaign_id for c in campaigns for file in c.files}
    return [replace(r, campaign_id=campaign_of.get(r.file)) for r in responses]


def with_endorsements(responses: list[ResponseAnalysis]) -> list[ResponseAnalysis]:
    """Responses that adopt another respondent's statement take its stance where they have none.

    Norwegian bodies often answer "Kommunen slutter seg til uttalelsen fra Nettverk fjord- og
    kystkommuner": the ministry counts that as the network's position, quoted from the
    endorsing letter itself so the reader sees why.
    """
    by_name = {normalise_name(r.sender): r for r in responses if r.sender and len(normalise_name(r.sender)) >= 4}
    result = []
    for response in responses:
        target = _endorsed(response, by_name)
        result.append(response if target is None else _adopt(response, target))
    return result


def _endorsed(response: ResponseAnalysis, by_name: dict[str, ResponseAnalysis]) -> ResponseAnalysis | None:
    if not response.endorsement_quote or response.no_comment:
        return None
    quote = f" {normalise_name(response.endorsement_quote)} "
    candidates = [other for name, other in by_name.items()
                  if f" {name} " in quote and other.file != response.file and other.endorses is None]
    return max(candidates, key=lambda other: len(other.sender), default=None)


def _adopt(response: ResponseAnalysis, target: ResponseAnalysis) -> ResponseAnalysis:
    topics = {
        topic_id: position if position.stance is not TopicStance.NOT_ADDRESSED or topic_id not in target.topics
        else replace(position, stance=target.topics[topic_id].stance, quote=response.endorsement_quote,
                     page=response.endorsement_page, score=target.topics[topic_id].score)
        for topic_id, position in response.topics.items()
    }
    stance = target.stance if response.stance is Stance.NO_POSITION else response.stance
    return replace(response, topics=topics, stance=stance, endorses=target.sender)


def analysis_key(hearing: Hearing, nlp) -> str:
    """The hash of everything a stored result depends on besides the file itself.

    That is the package's code and resources (any change to a ``.py`` file, ``actors.csv``,
    ``stance_cues.toml``, ``repair_bigrams.tsv`` or the bundled pipeline changes it), the
    pipeline's name, version and weights (a ``--model`` from elsewhere too), the extraction
    settings, and what the hearing's ``horing.toml`` tells the analysis (ministry,
    høringsinstanser, topics). A change to any of them re-analyses every response.
    """
    settings = {
        "version": __version__,
        "package": package_fingerprint(),
        "pipeline": pipeline_label(nlp),
        "weights": pipeline_fingerprint(nlp),
        "extract": repr(DEFAULT_EXTRACT_SETTINGS),
        "ministry": hearing.ministry,
        "instanser": list(hearing.instanser),
        "topics": [(t.id, t.name, t.description, list(t.cues), t.for_side, t.against_side) for t in hearing.topics],
    }
    return hashlib.sha256(json.dumps(settings, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


@cache
def package_fingerprint() -> str:
    """A hash of the installed package's code, resources and bundled model, not its report
    templates (which change the report, not the analysis)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or "__pycache__" in relative.parts or relative.parts[0] == "templates":
            continue
        digest.update(relative.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def pipeline_fingerprint(nlp) -> str:
    """A hash of the pipeline's trained weights (our own rule components left out: they are
    code and resources, in :func:`package_fingerprint`).

    A sentencizer is hashed by its sorted punctuation: its own serialisation writes a set, whose
    order differs between processes, so workers would disagree with the parent about the key."""
    ours = [name for name in nlp.pipe_names if name.startswith("horingsanalyse_")]
    sentencizers = [name for name, pipe in nlp.pipeline if isinstance(pipe, Sentencizer)]
    digest = hashlib.sha256(nlp.to_bytes(exclude=["vocab", *ours, *sentencizers]))
    for name in sentencizers:
        digest.update(name.encode() + "".join(sorted(nlp.get_pipe(name).punct_chars)).encode())
    return digest.hexdigest()


def _is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
