"""``python -m analysis.semantic build|check [--strict]``: see :mod:`analysis.semantic.distil`."""

from __future__ import annotations

import argparse
import json
import sys

from analysis.semantic.distil import FORMAT, META, TABLE, ModelError, build, default_root


def warm() -> None:
    """Train and cache the standard theme model and the safeguarding meaning layer now, so
    the first answer a child saves or an analyst analyses does not wait for training."""
    from analysis.pipeline import Pipeline
    from analysis.safeguarding import default_screener

    default_screener()
    Pipeline.standard()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.semantic")
    parser.add_argument("command", choices=["build", "check"])
    parser.add_argument("--strict", action="store_true", help="exit 1 when the table is absent")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    root = default_root()
    meta_path = root / META
    current = (
        (root / TABLE).is_file()
        and meta_path.is_file()
        and json.loads(meta_path.read_text(encoding="utf-8")).get("format") == FORMAT
    )
    if args.command == "build" and (args.force or not current):
        from analysis.codebook import load_codebook
        from analysis.semantic.exemplars import exemplar_words

        try:
            extra = exemplar_words(load_codebook("standard"))
            path = build(root, extra)
        except ModelError as exc:
            print(
                f"semantic: not built ({exc}); the analysis runs on the lexicon alone, reduced",
                file=sys.stderr,
            )
            return 0
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        print(
            f"semantic: built {path} ({meta['pieces']:,} pieces + {meta['words']:,} words, "
            f"{meta['seconds']} s; model files verified against {meta['model']}@"
            f"{meta['revision'][:12]})"
        )
        current = True
    if current:
        if args.command == "build":
            warm()  # models trained on the table: cached, so usually a quick load
        print(f"semantic: {root / TABLE} is present")
        return 0
    print(
        f"semantic: no table at {root / TABLE}: run `python -m analysis.semantic build`",
        file=sys.stderr,
    )
    return 1 if args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
