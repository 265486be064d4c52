"""Print how well and how fast the safeguarding screen works. Figures, not a pass/fail test.

    .venv/bin/python benchmarks/safeguarding.py            # quality on both parts + speed
    .venv/bin/python benchmarks/safeguarding.py --show     # also list every miss and false alarm

Quality is measured on four parts (analysis/safeguarding/evaluate.py): ours (``dev``, tuned on,
and ``held_out``), written by the rule authors, and two written blind by people who never saw
the rules: ``blind_dev`` (may be tuned on) and ``blind_test`` (never tuned on, misses never
listed). The blind test figures are the honest ones. Speed is one process, one thread, on
answers of 10 to 40 words; both wall-clock and CPU time are printed (a busy machine slows
wall-clock).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.evalsets import read_jsonl
from analysis.safeguarding import CATEGORIES, Screener, default_screener
from analysis.safeguarding.evaluate import (
    CLOSE,
    PARTS,
    UNSEEN,
    Example,
    Report,
    jaccard,
    load_examples,
    score,
    short_everyday_probe,
    words,
)
from analysis.safeguarding.training import EVERYDAY_SHORT_DIR

# Everyday survey answers are mostly about school, clubs, transport and family: the words of
# the speed corpus, so anchors are hit about as often as in real answers.
_VOCAB_TEXT = (
    "i we my our the a and but so because school teachers lessons homework friends mum dad "
    "home house bus park club youth football more less want need like love hate feel sad "
    "happy safe help support money food lunch after before weekend every day sometimes "
    "always never people kids older younger town estate library swimming pool games phone "
    "online snapchat worker social care foster carer sister brother nan is are was were be "
    "have has get go going to at in on for with about when there it they them can cant dont "
    "would should really very good bad boring fun nice scared worried stressed tired late"
)
_VOCAB = _VOCAB_TEXT.split()


def _pct(value: float | None) -> str:
    return "  n/a" if value is None else f"{100 * value:5.1f}%"


def _print_report(name: str, report: Report, examples: list[Example], show: bool) -> None:
    o = report.overall
    print(f"\n== {name}: {len(examples)} answers, {o.disclosures} disclosures, {o.negatives} not")
    print(
        f"recall {_pct(o.recall)} ({o.caught}/{o.disclosures})   "
        f"false alarms {_pct(o.false_alarm_rate)} ({o.false_alarms}/{o.negatives})"
    )
    print("per language:")
    for language, s in sorted(report.by_language.items()):
        print(
            f"  {language:3} recall {_pct(s.recall)} ({s.caught}/{s.disclosures})   "
            f"false alarms {_pct(s.false_alarm_rate)} ({s.false_alarms}/{s.negatives})"
        )
    print("per category (the labelled category itself was found):")
    for category in CATEGORIES:
        s = report.by_category.get(category)
        if s:
            print(f"  {category:22} {_pct(s.recall)} ({s.caught}/{s.disclosures})")
    if show and name in UNSEEN:
        print("  (misses are not listed for this part: it must stay unseen by whoever tunes rules)")
    elif show:
        by_id = {e.id: e for e in examples}
        for label, ids in (("missed", o.missed), ("false alarm", o.alarms)):
            for example_id in ids:
                print(f"  {label}: {example_id} {by_id[example_id].text!r}")
        for category, s in report.by_category.items():
            for example_id in s.missed:
                if example_id not in o.missed:
                    print(f"  flagged but not as {category}: {example_id}")


def _second_look(report: Report) -> None:
    """What the safeguarding lead's second-look list (answers the meaning layer finds close,
    but below its threshold: ``meaning.SECOND_LOOK``) puts before a person: the missed
    disclosures it holds and the answers that are not disclosures a lead would read. Counts
    only: the texts of unseen parts stay unseen."""
    o = report.overall
    print(
        f"  second look: {o.missed_listed} of {len(o.missed)} missed disclosures listed "
        f"(recall with the list {_pct(o.recall_with_list)}); {o.negatives_listed} of "
        f"{o.negatives} answers that are not disclosures listed "
        f"({_pct(o.negatives_listed / o.negatives if o.negatives else None)})"
    )


def _everyday(screener: Screener) -> None:
    """The lead's workload on everyday answers: the theme sets' answers (realistic and check,
    written blind from published reports, never learned by the screen), with who wrote them.
    Some are about harm (care leavers, youth justice), so a flag is not always a false one."""
    from analysis.evalsets import check_rows, real_rows

    rows = [*real_rows(), *check_rows()]
    results = screener.screen_many(
        [r["text"] for r in rows], [r.get("language") for r in rows], [r["speaker"] for r in rows]
    )
    print(f"\n== everyday answers ({len(rows):,}, the theme sets: real and check)")
    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault("all", []).append(i)
        groups.setdefault(row["speaker"], []).append(i)
    for name, ids in groups.items():
        flagged = sum(results[i].flag for i in ids)
        listed = sum(results[i].second_look is not None for i in ids)
        print(
            f"  {name:14} flagged {_pct(flagged / len(ids))} ({flagged})   second look "
            f"{_pct(listed / len(ids))} ({listed})   of {len(ids):,}"
        )
    _family(screener)
    _short_everyday(screener)


def _short_everyday(screener: Screener) -> None:
    """Short everyday answers in all six languages ("nothing much", "more buses"), written
    blind and never learned (evaluation/everyday_short/): the theme sets above are English."""
    rows = short_everyday_probe()
    results = screener.screen_many(
        [r["text"] for r in rows], [None] * len(rows), [r["audience"] for r in rows]
    )
    learned = [words(r["text"]) for r in read_jsonl(EVERYDAY_SHORT_DIR / "answers.jsonl")]
    apart = [all(jaccard(words(r["text"]), w) < CLOSE for w in learned) for r in rows]
    flagged = sum(r.flag for r in results)
    print(f"\n== short everyday answers ({len(rows)}): flagged {flagged}", end="")
    for language in sorted({r["language"] for r in rows}):
        mine = [x for r, x in zip(rows, results, strict=True) if r["language"] == language]
        print(f", {language} {sum(x.flag for x in mine)}", end="")
    listed = sum(r.second_look is not None for r in results)
    far = [x for x, a in zip(results, apart, strict=True) if a]
    print(
        f"; second look {listed}; of the {len(far)} not close to a learned short answer "
        f"(word overlap under {CLOSE}), flagged {sum(x.flag for x in far)}"
    )


def _family(screener: Screener) -> None:
    """Children's good or ordinary words about a stepparent, a parent, a carer or a worker
    (evaluation/family/, written by a helper after the look-alikes for them were, never
    learned from): the layer once read "step dad ... me" as a warning."""
    path = Path(__file__).resolve().parents[1] / "analysis/safeguarding/evaluation/family"
    rows = [json.loads(line) for line in (path / "answers.jsonl").open(encoding="utf-8")]
    results = screener.screen_many(
        [r["text"] for r in rows], [None] * len(rows), ["child"] * len(rows)
    )
    flagged = sum(r.flag for r in results)
    listed = sum(r.second_look is not None for r in results)
    print(f"\n== family answers ({len(rows)}): flagged {flagged}, second look {listed}")


def _speed(screener: Screener, count: int, seed: int) -> None:
    rng = random.Random(seed)
    texts = [" ".join(rng.choices(_VOCAB, k=rng.randint(10, 40))) for _ in range(count)]
    labelled = [e.text for part in ("dev", "held_out") for e in load_examples(part)]
    mixed = texts[: count - count // 20] + [rng.choice(labelled) for _ in range(count // 20)]
    for name, batch in (("everyday answers", texts), ("with 5% labelled answers", mixed)):
        screener.screen(batch[0])
        wall, cpu = time.perf_counter(), time.process_time()
        for text in batch:
            screener.screen(text)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(
            f"  {name:26} {len(batch) / wall:9,.0f} texts/s wall   "
            f"{len(batch) / cpu:9,.0f} texts/s CPU   ({len(batch):,} texts, 10-40 words)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list misses and false alarms")
    parser.add_argument("--count", type=int, default=50_000, help="texts for the speed run")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--part",
        action="append",
        choices=PARTS,
        help="only these parts (repeatable); whoever tunes rules leaves out blind_test",
    )
    parser.add_argument("--no-speed", action="store_true", help="skip the speed run")
    parser.add_argument(
        "--everyday",
        action="store_true",
        help="also screen the theme sets' everyday answers: how many are flagged or listed",
    )
    parser.add_argument(
        "--second-look",
        action="store_true",
        help="also count what the lead's second-look list adds: disclosures it puts before a "
        "person, and answers that are not disclosures a lead reads",
    )
    parser.add_argument(
        "--list-floor",
        type=float,
        help="the second-look list's lower bound for this run (default: meaning.SECOND_LOOK); "
        "how wide a list buys how much, for --second-look and --everyday",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        screener = default_screener(args.list_floor)
    except ValueError as exc:  # a floor outside the layer's band
        parser.error(f"--list-floor: {exc}")
    if args.list_floor is not None and screener.meaning is None:
        parser.error("--list-floor needs the meaning layer (make setup)")
    print(
        f"rules: {len(screener.rules)} rules, {len(screener.ruleset.phrases)} phrases, "
        f"{len(screener.ruleset.files)} files, loaded in {time.perf_counter() - started:.2f}s"
    )
    for part in args.part or PARTS:
        examples = load_examples(part)
        report = score(examples, screener)
        _print_report(part, report, examples, args.show)
        if args.second_look:
            _second_look(report)
    if args.everyday:
        _everyday(screener)
    if not args.no_speed:
        print("\n== speed (one process, one thread)")
        _speed(screener, args.count, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
