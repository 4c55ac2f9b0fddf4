"""One run of the LibCST engine (and, when asked, the Semgrep engine) over some paths."""

from __future__ import annotations

import hashlib
import itertools
import os
import re
from collections import deque
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Deque, Dict, Iterable, Iterator, List, Optional, Pattern, Sequence, Set, Tuple

from frtlint.analysis.callers import CallerNames, mentions_faces
from frtlint.analysis.compact import Sharing, compact
from frtlint.analysis.facts import ModuleFacts
from frtlint.analysis.project import Project
from frtlint.analysis.project_views import WithoutTests
from frtlint.analysis.suppression_grammar import suppressed_line_texts
from frtlint.catalog import Catalog, build_catalog
from frtlint.checks import all_rules
from frtlint.checks.frt000_file_not_analysed import FileNotAnalysed
from frtlint.config import Settings, rule_matches
from frtlint.engine.cache import FactsCache, RunCache
from frtlint.engine.collector import fewer_collections, tune_for_batch_work
from frtlint.engine.discover import SourceFile, discover, read_source
from frtlint.engine.foreign_graph import caller_files
from frtlint.engine.prefilter import build_other_language_prefilter, build_prefilter, names_pattern
from frtlint.engine.rule_options import rule_options
from frtlint.engine.semgrep import run_semgrep, semgrep_executable
from frtlint.engine.suppressions import apply_suppressions, text_suppressions
from frtlint.errors import UsageError
from frtlint.model import Finding, RunResult, articles_label, assign_fingerprints

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# Below this many files to parse, a process pool costs more than it saves.
_POOL_THRESHOLD = 8
_MAX_CALLER_ROUNDS = 6
_CHUNKS_IN_FLIGHT = 4  # per worker: enough to keep it busy while the main process compacts
_WORD = re.compile(rb"\w+")  # bytes: ASCII word characters, as `\b` in names_pattern counts them
# When files are named (pre-commit), at most this many other project files are read to
# find their callers, the ones closest to the named files in the folder tree first.
_CONTEXT_BUDGET = 48


_WORKER_CATALOG: Optional[Catalog] = None


def _init_worker(extensions: Dict) -> None:
    global _WORKER_CATALOG
    tune_for_batch_work()
    _WORKER_CATALOG = build_catalog(extensions)


def _extract_chunk_in_worker(tasks: List[Tuple[str, bytes]]) -> List[ModuleFacts]:
    return [_extract_in_worker(task) for task in tasks]


def _extract_in_worker(task: Tuple[str, bytes]) -> ModuleFacts:
    from frtlint.analysis.extract import extract

    assert _WORKER_CATALOG is not None
    # Compacted here too: shared pieces are pickled once, so less crosses the pipe.
    return compact(extract(task[0], task[1], _WORKER_CATALOG))


class Engine:
    def __init__(
        self, settings: Settings, use_cache: bool = True, jobs: Optional[int] = None, keep_facts: bool = False
    ) -> None:
        self.settings = settings
        # Whether a run's result keeps the module facts (`frtlint report` reads them). A check
        # does not: they are the run's largest data, freed before the report is written.
        self.keep_facts = keep_facts
        self.catalog = build_catalog(settings.catalog)
        self.prefilter = build_prefilter(self.catalog)
        self.other_prefilter = build_other_language_prefilter(self.catalog)
        self.config_prefilter = build_other_language_prefilter(self.catalog, config=True)
        configured = settings.root / settings.cache_dir if settings.cache_dir else None
        self.cache = FactsCache(configured, self.catalog.digest(), enabled=use_cache, root=settings.root)
        self.run_cache = RunCache(self.cache)
        # `jobs` (the command line) wins over the config even when it is 0; 0 means one per CPU.
        chosen = settings.jobs if jobs is None else jobs
        self.jobs = chosen or os.cpu_count() or 1
        self._unreadable: List[Tuple[SourceFile, str]] = []
        self.caller_names = CallerNames(self.catalog)
        self._workers: Optional["ProcessPoolExecutor"] = None
        self._projects: List[Path] = []
        self._worker_crashed = False
        # Equal pieces of the facts shared within one run (compact). Per run, not per process:
        # the language server checks documents for hours, and would otherwise keep every piece.
        self._sharing = Sharing()
        self._not_analysed: Set[str] = set()  # see finish
        self._partly_analysed: Set[str] = set()

    # -- facts -------------------------------------------------------------------------
    def _facts_for(self, tasks: Sequence[Tuple[SourceFile, Callable[[], bytes]]]) -> Tuple[List[ModuleFacts], int]:
        """Facts for each (file, reader of its content). A content is read when it is needed
        and not kept: once for its cache key, and again to parse a file the cache does not
        know, so a run never holds the project's sources at once (memory at scale). Without
        a cache, each file is read once, to parse it."""
        results: List[Optional[ModuleFacts]] = [None] * len(tasks)
        misses: List[Tuple[int, str, str]] = []
        for index, (source, read) in enumerate(tasks):
            if not self.cache.enabled:
                misses.append((index, source.display, ""))
                continue
            key = FactsCache.key(source.display, read())
            cached = self.cache.get(key)
            if cached is not None:
                results[index] = compact(cached, self._sharing)
            else:
                misses.append((index, source.display, key))
        if not misses:
            return [r for r in results if r is not None], 0
        # LibCST is imported only when something must be parsed: a warm run skips it.
        from frtlint.analysis.extract import extract

        parsed_keys: Dict[int, str] = {}  # the key of what was parsed, if the file changed since

        def take(index: int) -> bytes:
            source, read = tasks[index]
            content = read()
            if self.cache.enabled:
                parsed_keys[index] = FactsCache.key(source.display, content)
            return content

        if len(misses) >= _POOL_THRESHOLD and self.jobs > 1:
            # Small chunks keep both workers busy to the end; results are taken in as
            # they arrive, so the main process compacts while the workers parse.
            chunk = max(1, min(16, len(misses) // (self.jobs * 8)))
            paths = [m[1] for m in misses]
            parsed: Iterable[Tuple[ModuleFacts, bool]] = self._extract_in_pool(paths, lambda j: take(misses[j][0]), chunk)
        else:
            parsed = ((extract(m[1], take(m[0]), self.catalog), True) for m in misses)
        for (index, _, key), (facts, cacheable) in zip(misses, parsed):
            results[index] = compact(facts, self._sharing)
            if cacheable and index in parsed_keys:
                self.cache.put(parsed_keys[index], facts)
        return [r for r in results if r is not None], len(misses)

    def _extract_in_pool(self, paths: List[str], take: Callable[[int], bytes], chunk: int) -> Iterator[Tuple[ModuleFacts, bool]]:
        """Facts for each path (`take(i)` gives up the content of `paths[i]`), in order, and
        whether they may be cached.

        A few chunks per worker are in flight at a time: a large project's sources are
        neither all held nor all queued for the workers at once (memory at scale).

        A worker that dies (a fault in the parser's native code, the OOM killer) breaks the
        whole pool. The files not answered yet then run one at a time in a single fresh
        worker, so only a file that kills it again is lost: FRT000 for that file, not cached
        (the next run tries it again)."""
        from concurrent.futures import Future
        from concurrent.futures.process import BrokenProcessPool

        in_flight: Deque[Tuple["Future[List[ModuleFacts]]", List[Tuple[str, bytes]]]] = deque()
        submitted = 0

        def submit() -> None:
            nonlocal submitted
            part = [(paths[i], take(i)) for i in range(submitted, min(submitted + chunk, len(paths)))]
            submitted += len(part)
            in_flight.append((self._pool(len(paths)).submit(_extract_chunk_in_worker, part), part))

        try:
            while submitted < len(paths) and len(in_flight) < self.jobs * _CHUNKS_IN_FLIGHT:
                submit()
            while in_flight:
                answers = in_flight[0][0].result()
                in_flight.popleft()
                if submitted < len(paths):
                    submit()
                for facts in answers:
                    yield facts, True
            return
        except BrokenProcessPool:
            self._discard_pool()
        from frtlint.analysis.extract import unanalysable

        unanswered = [task for _, part in in_flight for task in part]
        rest = ((paths[i], take(i)) for i in range(submitted, len(paths)))
        for path, content in itertools.chain(unanswered, rest):
            try:
                yield self._pool(1).submit(_extract_in_worker, (path, content)).result(), True
            except BrokenProcessPool:
                self._discard_pool()
                self._worker_crashed = True
                yield unanalysable(path, "cannot analyse file: the analysis process crashed on it"), False
        self._discard_pool()  # the next round gets a full pool again

    def _pool(self, tasks: int) -> "ProcessPoolExecutor":
        """One pool for all of a run's parsing rounds (starting workers costs a catalog
        build each)."""
        if self._workers is None:
            from concurrent.futures import ProcessPoolExecutor  # multiprocessing: only when used

            workers = min(self.jobs, tasks)
            self._workers = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(self.settings.catalog,))
        return self._workers

    def _close_pool(self) -> None:
        if self._workers is not None:
            self._workers.shutdown()
            self._workers = None

    def _discard_pool(self) -> None:
        if self._workers is not None:
            self._workers.shutdown(wait=False, cancel_futures=True)
            self._workers = None

    def collect(
        self, files: Sequence[SourceFile], context: Sequence[SourceFile] = ()
    ) -> Tuple[List[ModuleFacts], int]:
        """Facts for every Python file that may take part in face processing.

        First the files the prefilter selects; then, in a few rounds, the files that
        mention the project functions those define (their callers, and the grant
        functions they call), so cross-function checks see every project caller.
        `context` widens where callers are looked for (the rest of the project when
        only some files were named, as pre-commit does).
        """
        try:
            return self._collect(files, context)
        finally:
            self._close_pool()

    def _collect(
        self, files: Sequence[SourceFile], context: Sequence[SourceFile] = ()
    ) -> Tuple[List[ModuleFacts], int]:
        python = [f for f in files if f.language == "python"]
        requested = {f.path for f in python}
        around = python + [f for f in context if f.language == "python" and f.path not in requested]
        # Contents kept for the caller rounds: of the files not parsed yet, which later rounds
        # search for names. A file to parse is read again when its turn comes (see _facts_for).
        contents: Dict[Path, bytes] = {}

        def content(source: SourceFile) -> bytes:
            if source.path not in contents:
                try:
                    contents[source.path] = read_source(source.path)
                except OSError as error:
                    contents[source.path] = b""
                    if source.path in requested:
                        self._unreadable.append((source, error.strerror or str(error)))
            return contents[source.path]

        def to_parse(source: SourceFile) -> Callable[[], bytes]:
            """The file's reader for `_facts_for`; from now on the run keeps neither its
            content nor its words (the file is parsed, not searched, in later rounds)."""
            contents.pop(source.path, None)
            words_of.pop(source.path, None)

            def read() -> bytes:
                data = content(source)
                contents.pop(source.path, None)
                return data

            return read

        words_of: Dict[Path, Set[bytes]] = {}

        def mentions(source: SourceFile, names: Set[bytes], odd_names: Optional[Pattern[bytes]]) -> bool:
            """Whether the file has one of `names` as a whole word (what `\\bname\\b`
            finds): each file is split into words once, not searched once per round."""
            words = words_of.get(source.path)
            if words is None:
                words = words_of[source.path] = set(_WORD.findall(content(source)))
            if not words.isdisjoint(names):
                return True
            return odd_names is not None and bool(odd_names.search(content(source)))

        def face_related(source: SourceFile) -> bool:
            if self.prefilter.search(content(source)):
                contents.pop(source.path, None)  # read again when it is parsed
                return True
            return False

        chosen = [f for f in python if face_related(f)]
        selected: Set[Path] = {f.path for f in chosen}
        modules, parsed = self._facts_for([(f, to_parse(f)) for f in chosen])
        searched: Set[str] = set()
        budget = _CONTEXT_BUDGET  # files read from outside the named ones (pre-commit speed)
        nearest_first = sorted(around[len(python):], key=lambda f: -_closeness(f.path, requested))
        for _ in range(_MAX_CALLER_ROUNDS):
            fresh = self.caller_names.interesting(modules) - searched
            if not fresh:
                break
            searched |= fresh
            plain = {n.encode() for n in fresh if _WORD.fullmatch(n.encode())}
            odd = [n for n in fresh if n and not _WORD.fullmatch(n.encode())]  # non-ASCII names
            odd_pattern = names_pattern(odd) if odd else None
            more = [f for f in python if f.path not in selected and mentions(f, plain, odd_pattern)]
            if budget > 0:
                found_context = []
                for candidate in nearest_first:
                    if len(found_context) >= budget:
                        break
                    if candidate.path not in selected and mentions(candidate, plain, odd_pattern):
                        found_context.append(candidate)
                budget -= len(found_context)
                more += found_context
            if not more:
                break
            selected.update(f.path for f in more)
            new_modules, count = self._facts_for([(f, to_parse(f)) for f in more])
            modules.extend(new_modules)
            parsed += count
        return modules, parsed

    # -- the run -------------------------------------------------------------------------
    def run(self, paths: Sequence[str]) -> RunResult:
        self._sharing = Sharing()
        self._unreadable = []
        self._projects = [Path(p).resolve() for p in paths]  # each its own project (Semgrep's cross-file pass)
        self._worker_crashed = False  # a crash may not happen again: such a run is not cached
        folders: List[Tuple[str, str]] = []
        files = discover(paths, self.settings, folders)
        for display, reason in folders:
            self._unreadable.append((SourceFile(Path(display), display, "folder"), reason))
        context: List[SourceFile] = []
        if any(Path(p).is_file() for p in paths) and self.settings.root.is_dir():
            # Named files (pre-commit): look for their callers in the whole project.
            context = discover([str(self.settings.root)], self.settings)
        run_key = self._run_key(files, context)
        cache_notices = [self.cache.notice] if self.cache.notice else []
        if run_key is not None:
            cached = self.run_cache.get(run_key)
            if cached is not None:
                findings, notices = cached
                result = _set_aside_unanalysed(RunResult(findings=findings, files=files, parsed=0, notices=notices))
                result.cache_hits = len(result.files)  # every checked file's findings came from the cache
                return result
        with fewer_collections():
            result = self._run(files, context)
        # A cached run knows unanalysed (and partly analysed) files by their FRT000 findings: a
        # run where FRT000 is not selected or ignored is not cached, so it never counts them otherwise.
        reported = {f.path for f in result.findings if f.rule == "FRT000"}
        cacheable = (
            not self._unreadable and not result.unchecked and not self._worker_crashed
            and result.not_analysed | set(result.partly_checked) <= reported
        )
        if run_key is not None and cacheable:
            self.run_cache.put(run_key, (result.findings, result.notices))
        result.notices[:0] = cache_notices
        return _set_aside_unanalysed(result)

    def _run_key(self, files: Sequence[SourceFile], context: Sequence[SourceFile]) -> Optional[str]:
        if not self.cache.enabled:
            return None
        digest = hashlib.sha256()
        digest.update(repr((self.cache.directory.name, sorted(vars(self.settings).items(), key=lambda kv: kv[0]))).encode())
        digest.update(repr(semgrep_executable() if self.settings.engine != "libcst" else "").encode())
        # Options rules read from outside the sources (FRT901: the impact-assessment record's date).
        digest.update(repr([rule_options(self.settings, r) for r in all_rules()]).encode())
        for group in (files, context):
            digest.update(b"\1")
            for source in group:
                try:
                    content = read_source(source.path)
                except OSError:
                    return None
                digest.update(source.display.encode() + b"\0" + hashlib.sha1(content).digest())
        return digest.hexdigest()

    def _run(self, files: List[SourceFile], context: List[SourceFile]) -> RunResult:
        modules, parsed = self.collect(files, context)
        result = RunResult(findings=[], files=files, parsed=parsed, cache_hits=self.cache.hits)
        if self.keep_facts:
            result.modules = modules  # the Python modules' facts, not the text modules added below
        extra: List[Finding] = []
        if self.settings.engine in ("semgrep", "all"):
            # With both engines, Python belongs to LibCST; `--engine semgrep` sends
            # Python to the rule pack's Python rules too.
            others = [f for f in files if f.language != "python" or self.settings.engine == "semgrep"]
            candidates = others
            others = [f for f in candidates if f.language == "python" or self._mentions_faces(f)]
            # their callers too, face words or not: the cross-file pass needs every way in
            chosen = {f.path for f in others}
            others += caller_files(others, [f for f in candidates if f.path not in chosen], face_words=self.other_prefilter)
            extra, notices = [], []
            if others and semgrep_executable() is None:
                self._mark_unchecked(result, others)
            elif others:
                extra, notices = run_semgrep(others, self.settings, set(self.settings.enabled_rules()), self._projects)
            result.notices.extend(notices)
            # Suppressions are judged (FRT001/FRT002) only in files Semgrep really read.
            if others and not notices and not result.unchecked:
                known = {m.path for m in modules}
                modules = modules + [_text_module(f) for f in others if f.display not in known]
        findings = self.finish(modules, extra)
        result.not_analysed = set(self._not_analysed)
        result.partly_checked = sorted(self._partly_analysed)
        if context:
            shown = {f.display for f in files}
            findings = [f for f in findings if f.path in shown]
            result.not_analysed &= shown
            result.partly_checked = [p for p in result.partly_checked if p in shown]
        result.findings = findings
        return result

    def _mark_unchecked(self, result: RunResult, others: List[SourceFile]) -> None:
        """The gate must not pass silently: files only Semgrep reads are listed as not checked,
        and a run that asked for the Semgrep engine by name fails."""
        if self.settings.engine == "semgrep":
            raise UsageError("engine 'semgrep' requested but Semgrep is not installed (pip install 'frtlint[semgrep]')")
        unchecked = set(others)
        result.unchecked = sorted(unchecked, key=lambda f: f.display)
        result.files = [f for f in result.files if f not in unchecked]
        shown = ", ".join(f.display for f in result.unchecked[:5]) + (", ..." if len(unchecked) > 5 else "")
        result.notices.append(
            f"{len(unchecked)} file(s) not checked: Semgrep is not installed "
            f"(install it with: pip install 'frtlint[semgrep]'): {shown}"
        )

    def _mentions_faces(self, source: SourceFile) -> bool:
        try:
            return mentions_faces(read_source(source.path), source.language, self.other_prefilter, self.config_prefilter)
        except OSError as error:
            self._unreadable.append((source, error.strerror or str(error)))
            return False

    def check_source(self, display: str, content: bytes) -> List[Finding]:
        """Findings for one file on its own (editor and flake8 use): no project pass."""
        self._sharing = Sharing()
        self._unreadable = []
        modules, _ = self._facts_for([(SourceFile(Path(display).resolve(), display, "python"), lambda: content)])
        return self.finish(modules, [])

    def finish(self, modules: List[ModuleFacts], extra: Sequence[Finding]) -> List[Finding]:
        """Checks, selection, suppressions, de-duplication, article labels, fingerprints."""
        enabled = set(self.settings.enabled_rules())
        findings: List[Finding] = list(extra) + self._unreadable_findings()  # whichever engine would have read them
        if self.settings.engine in ("libcst", "all"):
            findings.extend(self._libcst_findings(modules, enabled))
        # Before selection and ignores, so that ignoring FRT000 does not change what counts as checked.
        self._not_analysed = {f.path for f in findings if f.rule == "FRT000" and not FileNotAnalysed.is_partial(f)}
        self._partly_analysed = {f.path for f in findings if FileNotAnalysed.is_partial(f)}
        findings = [f for f in findings if f.rule in enabled and not _per_file_ignored(f, self.settings)]
        findings = apply_suppressions(findings, modules, enabled)
        findings = [f for f in findings if f.rule in enabled and not _per_file_ignored(f, self.settings)]
        findings = _dedupe(findings)
        findings = [replace(f, message=_with_articles(f, self.settings.regime)) for f in findings]
        return assign_fingerprints(findings)

    def _unreadable_findings(self) -> List[Finding]:
        return [
            FileNotAnalysed.unreadable(source.display, "folder" if source.language == "folder" else "file", reason)
            for source, reason in self._unreadable
        ]

    def _libcst_findings(self, modules: List[ModuleFacts], enabled: Set[str]) -> List[Finding]:
        findings = [FileNotAnalysed.not_parsed(module) for module in modules if module.error is not None]
        project = Project(modules, self.catalog)
        without_tests = WithoutTests(project)
        chosen = [r for r in all_rules() if r.id in enabled and r.implemented_in_python()]
        for rule_class in chosen:
            rule = rule_class(rule_options(self.settings, rule_class))
            findings.extend(rule.check(without_tests if rule_class.skip_tests else project))  # type: ignore[arg-type]
        return findings


def _set_aside_unanalysed(result: RunResult) -> RunResult:
    """A file reported as FRT000 (unreadable, too large, a syntax error, code no engine
    can analyse) was not checked: it is listed with the unchecked files, not counted.
    A file analysed in part (FRT000 about a part of it) stays checked and is listed as such."""
    frt000 = [f for f in result.findings if f.rule == "FRT000"]
    failed = {f.path for f in frt000 if not FileNotAnalysed.is_partial(f)} | result.not_analysed
    aside = [f for f in result.files if f.display in failed]
    if aside:
        result.files = [f for f in result.files if f.display not in failed]
        result.unchecked = sorted({*result.unchecked, *aside}, key=lambda f: f.display)
    checked = {f.display for f in result.files}
    partly = {f.path for f in frt000 if FileNotAnalysed.is_partial(f)} | set(result.partly_checked)
    result.partly_checked = sorted(partly & checked)
    return result


def _closeness(path: Path, targets: Set[Path]) -> int:
    """How many leading folders `path` shares with the nearest of `targets`."""
    best = 0
    for target in targets:
        shared = 0
        for a, b in zip(path.parts, target.parts):
            if a != b:
                break
            shared += 1
        best = max(best, shared)
    return best


def _text_module(source: SourceFile) -> ModuleFacts:
    """Suppression comments of a file the Semgrep engine checked."""
    try:
        text = source.path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    module = ModuleFacts(path=source.display, module="", is_test=False)
    module.suppressions = text_suppressions(text)
    module.lines = suppressed_line_texts(text, module.suppressions)
    return module


def _per_file_ignored(finding: Finding, settings: Settings) -> bool:
    return rule_matches(finding.rule, settings.ignored_for(finding.path))


def _dedupe(findings: List[Finding]) -> List[Finding]:
    """One problem, one finding: the same rule at the same place is reported once."""
    seen: Set[Tuple[str, str, int, int]] = set()
    unique: List[Finding] = []
    for finding in sorted(findings, key=lambda f: (f.sort_key(), f.engine != "libcst")):
        key = (finding.rule, finding.path, finding.line, finding.column)
        line_key = (finding.rule, finding.path, finding.line, -1)
        if key in seen or (finding.engine != "libcst" and line_key in seen):
            continue
        seen.add(key)
        seen.add(line_key)
        unique.append(finding)
    return unique


def _with_articles(finding: Finding, regime: str) -> str:
    label = articles_label(finding, regime)
    return f"{finding.message} {label}" if label else finding.message
