"""Command line: ``python -m analysis themes INPUT --out OUTPUT`` and a framework browser.

Runs from the repository root with no environment variables: the codebook, frameworks and NLTK
data are found relative to the package and the virtualenv. Bad input rows are reported on
stderr with their line number and skipped; they never stop the run.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter
from pathlib import Path

from analysis.datafiles import DataFileError


def _themes(args: argparse.Namespace) -> int:
    from analysis.frameworks import load_frameworks
    from analysis.pipeline import analyse
    from analysis.records import read_records

    responses, problems = read_records(args.input)
    for problem in problems:
        print(f"{args.input}: {problem}", file=sys.stderr)
    corrections = None
    if args.corrections:
        corrections, bad = _read_corrections(args.corrections)
        for problem in bad:
            print(f"{args.corrections}: {problem}", file=sys.stderr)
    frameworks = load_frameworks(args.framework or ())
    run = analyse(
        responses,
        corrections=corrections,
        learned_path=args.learned,
        codebook=args.codebook,
        frameworks=frameworks,
        emerging=args.findings is not None,
    )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        for row in run.rows():
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.findings:
        Path(args.findings).write_text(
            json.dumps(dataclasses.asdict(run.findings), ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
    skipped = sum(1 for p in problems if p.skipped)
    print(f"{len(run.results)} answers analysed, {skipped} rows skipped -> {out}", file=sys.stderr)
    reasons = Counter((n.stage, n.reason) for n in run.not_processed)
    for (stage, reason), count in sorted(reasons.items()):
        print(f"  not processed: {stage}/{reason}: {count}", file=sys.stderr)
    for line in run.reduced:
        print(f"  reduced: {line}", file=sys.stderr)
    return 0


def _read_corrections(path: str) -> tuple[list[dict], list[str]]:
    """Corrections file: JSON Lines of {"text": ..., "themes": [...]}."""
    rows, problems = [], []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"line {number}: not valid JSON ({exc.msg}); skipped")
                continue
            if (
                not isinstance(row, dict)
                or not isinstance(row.get("text"), str)
                or not isinstance(row.get("themes"), list)
            ):
                problems.append(f"line {number}: needs 'text' and a 'themes' list; skipped")
                continue
            rows.append(row)
    return rows, problems


def _frameworks(args: argparse.Namespace) -> int:
    from analysis.codebook import load_codebook
    from analysis.frameworks import load_frameworks
    from analysis.mapping import FrameworkIndex

    frameworks = load_frameworks(args.framework or ())
    index = FrameworkIndex(load_codebook(args.codebook, frameworks), frameworks)
    if args.theme:
        for key, items in index.for_theme(args.theme).items():
            print(f"{key}: " + "; ".join(f"{i.id} {i.name}" for i in items))
        print(f"why: {index.codebook.themes[args.theme].rationale}")
    elif args.article is not None:
        for link in index.themes_for("uncrc", args.article):
            print(f"{link.theme}: {link.rationale}")
    else:
        for article, themes in index.coverage("uncrc").items():
            item = frameworks["uncrc"].get(article)
            print(f"{article:>2} {item.name if item else ''}: {', '.join(themes) or '-'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis")
    sub = parser.add_subparsers(dest="command", required=True)
    themes = sub.add_parser("themes", help="theme answers (JSON Lines or CSV) into JSON Lines")
    themes.add_argument("input")
    themes.add_argument("--out", required=True)
    themes.add_argument("--codebook", default="standard", help="name or path of a codebook")
    themes.add_argument("--framework", action="append", help="a council framework file")
    themes.add_argument("--corrections", help="JSON Lines of analysts' corrections")
    themes.add_argument("--learned", help="where the model learned from corrections is kept")
    themes.add_argument("--findings", help="also write findings (JSON) here")
    themes.set_defaults(run=_themes)
    browse = sub.add_parser("frameworks", help="browse theme <-> UNCRC/outcome mappings")
    browse.add_argument("--codebook", default="standard")
    browse.add_argument("--framework", action="append")
    browse.add_argument("--theme")
    browse.add_argument("--article", type=int)
    browse.set_defaults(run=_frameworks)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except DataFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"error: {exc.filename}: no such file", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
