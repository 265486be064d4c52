"""The cycle collector is paused while a batch is analysed, and always comes back as it was."""

from __future__ import annotations

import gc
import threading

import pytest

from analysis.nogc import paused, without_gc
from analysis.stages import MappingStage, ResponseResult


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_paused_turns_the_collector_off_and_back_on(collector_on) -> None:
    with paused():
        assert not gc.isenabled()
        with paused():  # nested: the inner end must not turn it back on
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_leaves_a_collector_someone_else_turned_off_off(collector_on) -> None:
    gc.disable()
    with paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_the_collector_comes_back_when_the_batch_fails(collector_on) -> None:
    @without_gc
    def broken() -> None:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        broken()
    assert gc.isenabled()


def test_overlapping_batches_in_threads_share_the_pause(collector_on) -> None:
    inside, release = threading.Event(), threading.Event()

    def long_batch() -> None:
        with paused():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=long_batch)
    worker.start()
    inside.wait(5)
    with paused():
        pass
    assert not gc.isenabled()  # the other thread's batch is still running
    release.set()
    worker.join(5)
    assert gc.isenabled()


class _Watched(list):
    """Results that note whether the collector was on when a stage read them."""

    seen: list[bool]

    def __iter__(self):
        self.seen.append(gc.isenabled())
        return super().__iter__()


def test_a_stage_runs_with_the_collector_off_and_restores_it(collector_on) -> None:
    results = _Watched([ResponseResult("1", "text")])
    results.seen = []
    MappingStage(type("Book", (), {"themes": {}})()).run(results)
    assert results.seen == [False]
    assert gc.isenabled()
