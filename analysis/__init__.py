"""Analysis of free-text answers: themes, sentiment, UNCRC and outcome mapping, findings.

Offline by design (see :mod:`analysis.nlp_data`). The web workspace calls :func:`analyse`.
Names are imported lazily so that ``python -m analysis.nlp_data`` and the safeguarding screen
do not pay for (or depend on) the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AnalysisRun": "analysis.pipeline",
    "Pipeline": "analysis.pipeline",
    "analyse": "analysis.pipeline",
    "learn": "analysis.pipeline",
    "Codebook": "analysis.codebook",
    "Theme": "analysis.codebook",
    "load_codebook": "analysis.codebook",
    "Framework": "analysis.frameworks",
    "load_frameworks": "analysis.frameworks",
    "Correction": "analysis.learning",
    "LearnedModel": "analysis.learning",
    "FrameworkIndex": "analysis.mapping",
    "Response": "analysis.records",
    "NotProcessed": "analysis.stages",
    "ResponseResult": "analysis.stages",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value
