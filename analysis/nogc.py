"""Python's cycle collector paused while a batch is analysed.

Why: analysing an answer makes a few hundred small lists, dicts and tuples, and many of them
live on in the results, so the collector kept walking an ever larger heap: up to a quarter of
the pipeline's CPU time (docs/benchmarks.md, "Speed and memory": the themes stage went from
72-86 to 56-58 us an answer). None of it is cyclic garbage (a 60,000-answer run with the
collector off left nothing for ``gc.collect()``: every object is freed by reference counting
as usual), so pausing costs no memory. The collector is process-wide: the pause nests and is
shared between threads, and it runs again, as it was, when the last batch in progress ends;
cyclic garbage that other threads of the process (web requests) make meanwhile waits until
then, and is freed then.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_was_enabled = False

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """Run the block with the cycle collector off (unless it was off already)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Decorate a batch method so that it runs inside :func:`paused`."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return function(*args, **kwargs)

    return wrapper
