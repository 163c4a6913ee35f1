"""The same seeds give identical summaries in one process, on two workers and on Dask."""

from __future__ import annotations

import pytest

from tests.tools import import_or_skip
from wargame.analysis.batch import run_batch
from wargame.analysis.executors import ExecutorError, chunks
from wargame.scenario.models import Scenario


def test_chunks_are_contiguous_and_cover_every_seed() -> None:
    assert chunks(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert chunks([5], 8) == [[5]]


def test_one_worker_two_workers_and_dask_agree(levers_scenario: Scenario) -> None:
    kwargs = {"runs": 12, "first_seed": 40, "turns": 4, "levers": ("quiet_channel@2",)}
    one = run_batch(levers_scenario, jobs=1, **kwargs)  # type: ignore[arg-type]
    two = run_batch(levers_scenario, jobs=2, **kwargs)  # type: ignore[arg-type]
    assert one == two and one["games"] == 12
    distributed = import_or_skip("distributed", reason="Dask is not installed "
                                 "(pip install 'wargame[dask]')")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None, protocol="tcp",
                                  host="127.0.0.1") as cluster:
        on_dask = run_batch(levers_scenario, executor="dask",
                            scheduler=cluster.scheduler_address, **kwargs)  # type: ignore[arg-type]
    assert on_dask == one


def test_dask_without_a_scheduler_is_a_clear_error(tutorial: Scenario) -> None:
    with pytest.raises(ExecutorError, match="--scheduler"):
        run_batch(tutorial, runs=1, executor="dask")
