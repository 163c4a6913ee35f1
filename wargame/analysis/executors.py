"""Where the games of a batch are played: in this process, on local worker processes, or
on a Dask cluster.

Work is split into contiguous chunks of seeds; every chunk is a pure function of
its seeds (the keyed dice carry no state), so the results — put back in seed
order — are the same whoever plays them. ``progress(done)`` is called as chunks
finish; an exception it raises cancels the chunks not started and propagates.
"""

from __future__ import annotations

import importlib
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

from wargame.errors import WargameError

T = TypeVar("T")
Chunk = Callable[[Sequence[int]], list[T]]
EXECUTORS = ("local", "dask")
CHUNK = 20
"""Seeds per chunk of a long local batch at most (about): progress and cancel come per chunk."""


class ExecutorError(WargameError):
    """The executor cannot be used (Dask missing, no scheduler, a worker lost)."""


def chunks(seeds: Sequence[int], pieces: int) -> list[list[int]]:
    """``seeds`` cut into at most ``pieces`` contiguous chunks of near-equal size."""
    pieces = max(1, min(pieces, len(seeds)))
    size, extra = divmod(len(seeds), pieces)
    out, at = [], 0
    for i in range(pieces):
        step = size + (i < extra)
        out.append(list(seeds[at:at + step]))
        at += step
    return [c for c in out if c]


def run_chunks(task: Chunk[T], seeds: Sequence[int], *, jobs: int = 1,
               executor: str = "local", scheduler: str | None = None,
               progress: Callable[[int], None] | None = None,
               mp_context: str | None = None) -> list[T]:
    """``task`` over every seed, results in the order of ``seeds``.

    ``executor="local"`` plays in this process (``jobs <= 1``, one seed at a time) or
    on ``jobs`` worker processes (``mp_context``: a :mod:`multiprocessing` start
    method, e.g. ``"spawn"`` from a threaded GUI); ``"dask"`` on the Dask
    distributed scheduler at ``scheduler`` (``tcp://host:8786``).
    """
    if executor == "dask":
        return _run_dask(task, seeds, scheduler, progress)
    if executor != "local":
        raise ExecutorError(f"unknown executor {executor!r} (use {' or '.join(EXECUTORS)})")
    if jobs <= 1:
        results: list[T] = []
        for seed in seeds:
            results.extend(task([seed]))
            if progress is not None:
                progress(len(results))
        return results
    parts = chunks(seeds, max(jobs * 8, len(seeds) // CHUNK))
    context = multiprocessing.get_context(mp_context) if mp_context else None
    # The task (with the scenario and state it closes over) goes to each worker once, not
    # with every chunk: a worker plays all its chunks on one copy, whose memo tables
    # (compiled conditions, legality plans) stay warm from chunk to chunk.
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_install, initargs=(task,)) as pool:
        futures = [pool.submit(_installed, part) for part in parts]
        try:
            return _collect(futures, progress)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _collect(futures: Sequence[Future[Any]],
             progress: Callable[[int], None] | None) -> list[Any]:
    """The chunk results in submission order, reporting progress as each completes."""
    index = {id(f): i for i, f in enumerate(futures)}
    done: dict[int, list[Any]] = {}
    pending = set(futures)
    count = 0
    while pending:
        finished, pending = _wait_local(pending)
        for future in finished:
            result = future.result()
            done[index[id(future)]] = result
            count += len(result)
        if progress is not None:
            progress(count)
    return [item for i in range(len(futures)) for item in done[i]]


_TASK: list[Chunk[Any]] = []
"""In a worker process: the task its pool was started with (:func:`_install`)."""


def _install(task: Chunk[Any]) -> None:
    _TASK[:] = [task]


def _installed(seeds: Sequence[int]) -> list[Any]:
    return _TASK[0](seeds)


def _wait_local(pending: set[Future[Any]]) -> tuple[set[Future[Any]], set[Future[Any]]]:
    finished, still = wait(pending, return_when=FIRST_COMPLETED)
    return set(finished), set(still)


def _run_dask(task: Chunk[T], seeds: Sequence[int], scheduler: str | None,
              progress: Callable[[int], None] | None) -> list[T]:
    try:  # an optional extra, typed loosely so the type check does not need it installed
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise ExecutorError("the Dask executor needs the optional extra: "
                            "pip install 'wargame[dask]'") from None
    if not scheduler:
        raise ExecutorError("--executor dask needs --scheduler ADDRESS "
                            "(e.g. tcp://127.0.0.1:8786)")
    try:
        client = distributed.Client(scheduler, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise ExecutorError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        parts = chunks(seeds, workers * 8)
        futures = [client.submit(task, part, pure=False) for part in parts]

        index = {future.key: i for i, future in enumerate(futures)}
        done: dict[int, list[T]] = {}
        try:
            count = 0
            for future in distributed.as_completed(futures):
                done[index[future.key]] = result = future.result()
                count += len(result)
                if progress is not None:
                    progress(count)
            return [item for i in range(len(futures)) for item in done[i]]
        except BaseException:
            client.cancel(futures)
            raise
    finally:
        client.close()
