"""One BLAS thread for the analysis' matrix products.

Why: the products here are small (a batch of answers against a few hundred exemplars or a
few dozen themes), and OpenBLAS's second thread costs more in waking and waiting than it
saves. Measured on a 2-core machine (docs/benchmarks.md, "Speed and memory"): the themes
and the screen took about half the CPU time per answer with one thread, and wall-clock time
was no worse. Limiting is per call, not for the process, so nothing else that uses NumPy in
the same process is changed; a batch below ``SMALL`` answers is left alone, since OpenBLAS
runs small products on one thread anyway and the switch itself costs about 15 us.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from threadpoolctl import ThreadpoolController

SMALL = 64

_lock = threading.Lock()
_controller: list[ThreadpoolController] = []


def _get() -> ThreadpoolController:
    """Found once per process: finding the loaded BLAS libraries takes about half a ms."""
    with _lock:
        if not _controller:
            _controller.append(ThreadpoolController())
        return _controller[0]


@contextmanager
def one_blas_thread(size: int) -> Iterator[None]:
    """Run the block with one BLAS thread when ``size`` answers make threads worth avoiding."""
    if size < SMALL:
        yield
        return
    with _get().limit(limits=1, user_api="blas"):
        yield
