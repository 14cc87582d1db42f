"""Where the per-response work runs: in this process, in worker processes, or on a Dask cluster.

The batch hands over jobs, one response file each, and gets back each job's outcome as soon as
it is done, in the order they finish. The work itself is a picklable callable the batch
supplies (``work(job, data)``); this module knows how to spread it, not what it does. Results
travel back to the calling process, which stays the only writer to the store.

A worker that dies (a segfault in a PDF library, the kernel's out-of-memory killer) takes the
job it was running with it, and only that one: its outcome becomes what ``on_crash`` makes of
it, and the batch goes on with fresh workers.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import ClusterError

DASK_EXTRA = "pip install 'horingsanalyse[dask]'"
CONNECT_TIMEOUT_S = 10
WORKER_WAIT_S = 30
# Jobs handed out per worker at a time: enough to keep each busy while the parent stores a
# result, few enough that a worker's crash leaves only a handful of jobs to retry one by one.
JOBS_PER_WORKER = 2
ORPHAN_CHECK_S = 0.5
# Where workers are not forked: they import the package once, in the fork server, not each on start.
_PRELOAD = ["horingsanalyse.batch"]


@dataclass(frozen=True)
class Job:
    """One response file to analyse: its place in the folder's order, path, name and digest."""

    index: int
    path: Path
    relative: str
    sha256: str


Work = Callable[[Job, "bytes | None"], Any]
OnCrash = Callable[[Job, str], Any]


def default_workers() -> int:
    """The cores this process may use (``os.sched_getaffinity`` where the system has it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def in_process(work: Work, jobs: Iterable[Job]) -> Iterator[tuple[Job, Any]]:
    """Run the jobs one after the other in this process (``--workers 1``)."""
    for job in jobs:
        yield job, work(job, None)


def in_worker_processes(work: Work, jobs: Iterable[Job], n_workers: int, on_crash: OnCrash, *,
                        warm: Callable[[], Any] | None = None) -> Iterator[tuple[Job, Any]]:
    """Run the jobs in ``n_workers`` processes, yielding each outcome as it arrives.

    Each worker calls ``warm`` once when it starts (to build its pipeline, or find the one it
    inherited), then takes jobs. On Linux the workers are forked from this process (see
    :func:`_worker_context`); they do not outlive it: each watches this process and exits once
    it is gone.
    """
    pending = deque(jobs)
    while pending:
        running: dict[Future, Job] = {}
        pool = _pool(n_workers, warm)
        try:
            while pending or running:
                while pending and len(running) < JOBS_PER_WORKER * n_workers:
                    # taken from ``pending`` only once submitted: a pool that broke meanwhile
                    # refuses the job, which must stay to be run by the next pool
                    running[pool.submit(work, pending[0], None)] = pending[0]
                    pending.popleft()
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f].index):
                    outcome = _outcome(future, running[future], on_crash)
                    yield running.pop(future), outcome
        except BrokenProcessPool:
            pass  # the jobs still in ``running`` are seen to below
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
        suspects = []
        for future, job in sorted(running.items(), key=lambda item: item[1].index):
            if future.done() and not future.cancelled() and future.exception() is None:
                yield job, future.result()  # finished before the worker died
            else:
                suspects.append(job)
        yield from _one_at_a_time(work, suspects, on_crash, warm)


def _one_at_a_time(work: Work, suspects: list[Job], on_crash: OnCrash,
                   warm: Callable[[], Any] | None) -> Iterator[tuple[Job, Any]]:
    """Re-run the jobs a dead worker may have been running, one at a time in one worker, so the
    job that kills a worker is known for certain; the others are analysed as usual."""
    queue = deque(suspects)
    while queue:
        pool = _pool(1, warm)
        try:
            while queue:
                job = queue[0]
                future = pool.submit(work, job, None)
                try:
                    outcome = _outcome(future, job, on_crash)
                except BrokenProcessPool:
                    queue.popleft()
                    yield job, on_crash(job, "the worker process analysing it died (it crashed or ran out of memory)")
                    break
                queue.popleft()
                yield job, outcome
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _outcome(future: Future, job: Job, on_crash: OnCrash) -> Any:
    """A job's result; an error the work itself did not catch (a result that cannot be sent
    back, say) is that job's failure. A dead worker is not: it raises ``BrokenProcessPool``."""
    try:
        return future.result()
    except BrokenProcessPool:
        raise
    except Exception as exc:
        return on_crash(job, f"the worker could not return its result ({type(exc).__name__}: {exc})")


def _pool(n_workers: int, warm: Callable[[], Any] | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=n_workers, mp_context=_worker_context(), initializer=_start_worker,
                               initargs=(os.getpid(), warm))


def _worker_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: forked from this process on Linux, so each begins with what
    the run has already loaded and built (the package, spaCy, the pipeline for this hearing)
    instead of importing and building it again: that cost each worker 4–5 s of CPU before its
    first response, as much as two or three responses' analysis. Elsewhere (macOS, where
    forking a process that has loaded system frameworks is unsafe) from a fork server that has
    imported the package. The one open file a worker must not keep, the output folder's lock,
    is closed in forked children (:mod:`.runlock`), so a run killed with ``kill -9`` leaves no
    lock held."""
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    return context


def _start_worker(parent_pid: int, warm: Callable[[], Any] | None) -> None:
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), daemon=True).start()
    if warm is not None:
        warm()


def _exit_when_orphaned(parent_pid: int) -> None:
    """End this worker once the run that started it is gone (killed, say). Its job queue would
    not tell: every worker holds both ends of the queue's pipe, so it never reads end-of-file."""
    while True:
        time.sleep(ORPHAN_CHECK_S)
        try:
            os.kill(parent_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the number now belongs to another user's process
            os._exit(1)


def on_dask_cluster(address: str, work: Work, jobs: Iterable[Job], on_crash: OnCrash) -> Iterator[tuple[Job, Any]]:
    """Send the jobs to the Dask scheduler at ``address``, with each file's bytes, so the
    workers need the package but not the hearing folder; yield outcomes as they arrive.

    A job whose worker dies is retried on another worker by Dask; one that has killed
    ``distributed.scheduler.allowed-failures`` workers comes back through ``on_crash``.

    Raises:
        ClusterError: Dask is not installed, no scheduler answers at ``address``, or it has
            no workers.
    """
    client = connect(address)
    try:
        from distributed import as_completed

        pending = deque(jobs)
        window = JOBS_PER_WORKER * max(1, sum(client.nthreads().values()))
        running: dict[Any, Job] = {}

        def submit():
            job = pending.popleft()
            future = client.submit(work, job, job.path.read_bytes(), pure=False, retries=0,
                                   key=f"horingsanalyse-{job.index}-{os.urandom(4).hex()}")
            running[future.key] = job
            return future

        finished = as_completed([submit() for _ in range(min(window, len(pending)))], loop=client.loop)
        for future in finished:
            job = running.pop(future.key)
            try:
                outcome = future.result()
            except Exception as exc:  # KilledWorker, or an error the work did not catch
                reason = ("the Dask workers analysing it died (it crashed or ran out of memory)"
                          if type(exc).__name__ == "KilledWorker" else
                          f"the Dask worker could not return its result ({type(exc).__name__}: {exc})")
                outcome = on_crash(job, reason)
            future.release()
            yield job, outcome
            if pending:
                finished.add(submit())
    finally:
        client.close()


def require_dask(address: str) -> None:
    """Stop before any work when ``--cluster`` is asked for and Dask is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ClusterError(address, f"--cluster needs Dask, which is not installed: {DASK_EXTRA}") from exc


def connect(address: str):
    """A Dask ``Client`` of the scheduler at ``address`` that has at least one worker."""
    require_dask(address)
    from distributed import Client

    try:
        client = Client(address, timeout=f"{CONNECT_TIMEOUT_S}s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ClusterError(address, f"no Dask scheduler answers there ({type(exc).__name__}: {exc}); start one "
                                    "with `dask scheduler` and workers with `dask worker ADDRESS`") from exc
    try:
        client.wait_for_workers(1, timeout=WORKER_WAIT_S)
    except (OSError, TimeoutError) as exc:
        client.close()
        raise ClusterError(address, f"the Dask scheduler has no workers (waited {WORKER_WAIT_S} s); start them "
                                    "with `dask worker ADDRESS` on machines where horingsanalyse is installed") from exc
    return client
