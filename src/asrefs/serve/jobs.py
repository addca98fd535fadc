"""The articles an app's user has uploaded: each a job with a random id, its file in the
app's temporary folder, the check running in a thread with its progress, and what the
user decided about its findings (accepted, dismissed for this run, fixes to apply).

Findings are named by their number in the report (0-based); the report shown and every
download are built from the checked report and these decisions, never from a path or
value the browser sends.
"""

from __future__ import annotations

import dataclasses
import secrets
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from asrefs.correct import Plan, chosen, plan
from asrefs.correct.files import corrected, fixable
from asrefs.models import Article, Finding, Origin, Report


@dataclass
class Job:
    """One uploaded article and its check."""

    id: str
    name: str  # the uploaded file's own name (its last part), as shown
    path: Path  # where it is stored: the job's folder, a fixed name and its suffix
    state: str = "queued"  # queued, checking, done, failed
    error: str = ""
    progress: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    article: Article | None = None
    report: Report | None = None
    accepted: dict[int, str] = field(default_factory=dict)  # finding number -> reason
    dismissed: set[int] = field(default_factory=set)
    applied: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def findings(self) -> list[tuple[int, Finding]]:
        """The report's findings with their numbers, dismissed ones left out and accepted
        ones marked with their reason."""
        if self.report is None:
            return []
        out = []
        for n, f in enumerate(self.report.findings):
            if n in self.dismissed:
                continue
            if n in self.accepted:
                f = dataclasses.replace(f, accepted=self.accepted[n])
            out.append((n, f))
        return out

    def shown(self) -> Report:
        """The report as the user has decided it: what the report view and the report
        downloads show."""
        from asrefs.pipeline import checked_results

        assert self.report is not None
        findings = [f for _, f in self.findings()]
        results = checked_results(self.report.results, findings)
        return dataclasses.replace(self.report, findings=findings, results=results)

    def fixable(self, f: Finding) -> bool:
        return bool(f.fix) and f.origin is not Origin.TEXT and f.accepted is None

    def corrected(self) -> bytes:
        """The article with the applied fixes made and every finding left noted."""
        assert self.report is not None and self.article is not None
        report = self.shown()
        numbered = dict(self.findings())
        applied = [numbered[n] for n in sorted(self.applied) if n in numbered]
        work = Plan(plan(report, applied).corrections, notes=chosen(report))
        data, _missed = corrected(
            self.path.read_bytes(), self.path.name, self.article.encoding, report, work
        )
        return data

    @property
    def can_correct(self) -> bool:
        return fixable(self.path.name)


class Jobs:
    """Every job of the app, in its temporary folder (removed by ``close``)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def new(self, name: str, suffix: str) -> Job:
        """A job for an upload named ``name``: its folder made, its file not yet written."""
        token = secrets.token_urlsafe(18)
        folder = self.root / token
        folder.mkdir(mode=0o700)
        shown = PurePath(name.replace("\\", "/")).name or "article"
        job = Job(id=token, name=shown, path=folder / f"article{suffix}")
        with self._lock:
            self._jobs[token] = job
        return job

    def get(self, token: str) -> Job | None:
        with self._lock:
            return self._jobs.get(token)

    def drop(self, job: Job) -> None:
        with self._lock:
            self._jobs.pop(job.id, None)
        shutil.rmtree(job.path.parent, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def run_check(job: Job, options: Any) -> None:
    """Read and check the job's article (in a thread), recording progress and the report
    or the error."""
    from asrefs import api
    from asrefs.cli.run import NO_LIST
    from asrefs.errors import AsrefsError

    def progress(stage: str, done: int, total: int | None) -> None:
        job.progress[stage] = (done, total)

    job.state = "checking"
    try:
        article = api.parse_article(job.path)
        if not article.references:
            raise ValueError(NO_LIST)
        [report] = api.check([article], options, progress=progress)
    except (AsrefsError, ValueError) as exc:
        job.error, job.state = str(exc).replace(str(job.path), job.name), "failed"
        return
    except Exception as exc:  # a bug: said on the page, never a hung progress bar
        job.error, job.state = f"internal error: {type(exc).__name__}", "failed"
        return
    job.article = article
    job.report = dataclasses.replace(report, article=job.name)
    job.state = "done"
