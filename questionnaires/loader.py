"""One pipeline from a YAML file to immutable ``Questionnaire`` objects.

file -> YAML (keeping line numbers) -> checked against ``schema`` and the type
registry -> dataclasses. Every problem in a file is collected and reported
together with its file, place, line and fix.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from questionnaires import schema
from questionnaires.errors import Problem, QuestionnaireError, did_you_mean
from questionnaires.model import Condition, Option, Page, Question, Questionnaire, Text
from questionnaires.types import PREFER_NOT_TO_SAY, REGISTRY, builtin_options

DEFINITIONS = Path(__file__).parent / "definitions"


def _where(node: yaml.Node | None, path: tuple) -> int | None:
    """The line (1-based) of ``path`` inside a composed YAML node tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == part), None)
            key = next((k for k, _ in node.value if k.value == part), None)
            if found is None:
                return line
            node, line = found, (key.start_mark.line + 1)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _path_text(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Checker:
    """Collects problems for one file, so all of them are reported at once."""

    def __init__(self, file: Path, node: yaml.Node | None):
        self.file = str(file)
        self.node = node
        self.problems: list[Problem] = []

    def error(self, path: tuple, code: str, message: str, fix: str) -> None:
        self.problems.append(
            Problem(code, self.file, _path_text(path), message, fix, _where(self.node, path))
        )

    def keys(self, data: Any, spec: Mapping[str, tuple[str, bool]], path: tuple) -> bool:
        """Check a mapping's keys; True when it is a mapping at all."""
        if not isinstance(data, dict):
            self.error(
                path,
                "HYS012",
                f"expected a mapping of keys, found {type(data).__name__}",
                "write 'key: value' lines indented under this entry",
            )
            return False
        for key in data:
            if key not in spec:
                hint = did_you_mean(key, spec)
                self.error(
                    (*path, key),
                    "HYS010",
                    f"unknown key '{key}'",
                    hint or f"remove it; allowed keys here: {', '.join(spec)}",
                )
        for key, (kind, required) in spec.items():
            if key not in data:
                if required:
                    self.error((*path, key), "HYS011", f"missing '{key}'", f"add '{key}:' ({kind})")
                continue
            self.value(data[key], kind, (*path, key))
        return True

    def value(self, value: Any, kind: str, path: tuple) -> None:
        ok = True
        fix = ""
        if kind in schema.ENUMS:
            allowed = schema.ENUMS[kind]
            if value not in allowed:
                hint = did_you_mean(value, allowed)
                self.error(
                    path,
                    "HYS013",
                    f"'{value}' is not a valid {kind}",
                    hint or f"use one of: {', '.join(allowed)}",
                )
            return
        if kind == "type":
            if value not in REGISTRY:
                hint = did_you_mean(value, REGISTRY)
                self.error(
                    path,
                    "HYS020",
                    f"unknown question type '{value}'",
                    hint or f"use one of: {', '.join(REGISTRY)}",
                )
            return
        if kind == "slug":
            ok = isinstance(value, str) and bool(schema.SLUG.match(value))
            fix = "use lower-case letters, digits, '-' or '_' (up to 64), e.g. 'school-life'"
        elif kind == "locale":
            ok = isinstance(value, str) and bool(schema.LOCALE.match(value))
            fix = "use a language code such as 'en', 'cy' or 'pl'"
        elif kind in ("text", "str"):
            ok = isinstance(value, str) and bool(value.strip())
            fix = "write the words as text; put quotes around it if it starts with a symbol"
        elif kind == "bool":
            ok = isinstance(value, bool)
            fix = "write true or false"
        elif kind in ("int", "positive_int"):
            ok = isinstance(value, int) and not isinstance(value, bool)
            ok = ok and (kind == "int" or value >= 1)
            fix = "write a whole number" + (" of 1 or more" if kind == "positive_int" else "")
        elif kind == "list":
            ok = isinstance(value, list) and bool(value)
            fix = "write a list with at least one entry, each starting with '- '"
        elif kind in ("str_list", "slug_list", "text_list"):
            ok = isinstance(value, list) and all(isinstance(v, str) and v for v in value)
            fix = "write a list of words, e.g. [family, school]"
        elif kind == "article_list":
            ok = isinstance(value, list) and all(
                isinstance(v, int) and v in schema.UNCRC_ARTICLES for v in value
            )
            fix = "write UNCRC article numbers from 1 to 54, e.g. [12, 31]"
        elif kind == "scalar_or_list":
            items = value if isinstance(value, list) else [value]
            ok = bool(items) and all(isinstance(v, str | int | bool) for v in items)
            fix = "write an option value, or a list of them"
        elif kind == "condition":
            self.keys(value, schema.CONDITION, path)
            return
        elif kind == "options":
            ok = isinstance(value, list) and bool(value)
            fix = "write a list of options, each '- value: ...' with 'label: ...'"
        else:  # a kind used in schema.py but not handled here is a bug, not a pass
            raise AssertionError(f"schema kind {kind!r} has no check")
        if not ok:
            self.error(path, "HYS012", f"this should be {kind.replace('_', ' ')}", fix)


def _read_yaml(path: Path, checker: _Checker) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        checker.node = yaml.compose(text, Loader=yaml.SafeLoader)
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        checker.problems.append(
            Problem(
                "HYS001",
                str(path),
                "",
                f"this is not valid YAML: {exc.problem}",
                "check the indentation and quotes on this line and the one above",
                mark.line + 1 if mark else None,
            )
        )
    except (OSError, UnicodeDecodeError) as exc:
        checker.problems.append(
            Problem("HYS001", str(path), "", f"cannot read the file: {exc}", "save it as UTF-8")
        )
    return None


class _Builder:
    """Turns a checked mapping into dataclasses, attaching translations by key."""

    def __init__(self, checker: _Checker, translations: Mapping[str, Mapping[str, str]]):
        self.checker = checker
        self.translations = translations
        self.keys: set[str] = set()

    def text(self, key: str, value: Any) -> Text:
        self.keys.add(key)
        found = {loc: t[key] for loc, t in self.translations.items() if key in t}
        return Text(str(value), MappingProxyType(found))

    def maybe(self, key: str, value: Any) -> Text | None:
        return None if value is None else self.text(key, value)

    def condition(self, raw: Any) -> Condition | None:
        if not isinstance(raw, dict):
            return None
        equals = raw.get("equals", ())
        items = equals if isinstance(equals, list) else [equals]
        return Condition(
            raw["question"], tuple(str(v) for v in items if v != ()), raw.get("answered")
        )

    def options(self, q: dict, qtype, path: tuple) -> tuple[Option, ...]:
        qid = q["id"]
        raw = q.get("options")
        if qtype.options == "builtin":
            if raw is not None:
                self.checker.error(
                    (*path, "options"),
                    "HYS040",
                    f"a {qtype.name} question has its own options",
                    "remove 'options'"
                    + (" (use 'labels' to reword the faces)" if qtype.name == "feelings" else ""),
                )
            labels = q.get("labels") or []
            opts = []
            for i, (value, label, symbol) in enumerate(builtin_options(qtype, q)):
                if i < len(labels):
                    opts.append(
                        Option(
                            value, self.text(f"questions.{qid}.labels.{i + 1}", labels[i]), symbol
                        )
                    )
                else:
                    opts.append(Option(value, Text(label), symbol, builtin=True))
            return tuple(opts)
        if qtype.options == "none":
            if raw is not None:
                self.checker.error(
                    (*path, "options"),
                    "HYS040",
                    f"a {qtype.name} question takes no options",
                    "remove 'options'",
                )
            return ()
        if not raw:
            self.checker.error(
                (*path, "options"),
                "HYS011",
                "missing 'options'",
                "add a list of options, each '- value: ...' with 'label: ...'",
            )
            return ()
        opts, seen = [], set()
        for i, item in enumerate(raw or []):
            opath = (*path, "options", i)
            if isinstance(item, str):
                item = {"value": _slugify(item), "label": item}
            if not self.checker.keys(item, schema.OPTION, opath):
                continue
            value = str(item.get("value"))
            if value in seen or value == PREFER_NOT_TO_SAY:
                self.checker.error(
                    (*opath, "value"),
                    "HYS040",
                    f"option value '{value}' is used twice"
                    if value in seen
                    else f"'{PREFER_NOT_TO_SAY}' is added for you",
                    "give each option its own value"
                    if value in seen
                    else "remove it and set 'prefer_not_to_say: true'",
                )
            seen.add(value)
            opts.append(
                Option(
                    value, self.text(f"questions.{qid}.options.{value}", item.get("label", value))
                )
            )
        return tuple(opts)


def _slugify(label: str) -> str:
    return "".join(c if c.isalnum() or c == "-" else "_" for c in label.lower()).strip("_")[:64] or "option"


def _check_type_settings(checker: _Checker, q: dict, qtype, path: tuple) -> None:
    """Type-specific rules that a key table alone cannot say."""
    if qtype.name == "feelings":
        scale = q.get("scale", 5)
        if scale not in (3, 5):
            checker.error(
                (*path, "scale"),
                "HYS041",
                "a feelings scale has 3 or 5 faces",
                "write 'scale: 3' or 'scale: 5'",
            )
        elif "labels" in q and len(q["labels"]) != scale:
            checker.error(
                (*path, "labels"),
                "HYS041",
                f"{len(q['labels'])} labels for {scale} faces",
                f"write exactly {scale} labels, saddest first",
            )
    low, high = q.get("min"), q.get("max")
    if qtype.name == "number" and isinstance(low, int) and isinstance(high, int) and low > high:
        checker.error(
            (*path, "min"), "HYS041", "'min' is larger than 'max'", "swap them, or correct one"
        )
    for key in ("max_length", "max_choices", "max_ranked"):
        if key in q and isinstance(q[key], int) and q[key] < 1:
            checker.error((*path, key), "HYS041", f"'{key}' must be 1 or more", "raise it")
    if q.get("prefer_not_to_say") and qtype.answer not in ("choice", "choices"):
        checker.error(
            (*path, "prefer_not_to_say"),
            "HYS041",
            f"'prefer not to say' does not apply to a {qtype.name} question",
            "remove it; every question is optional unless 'required: true'",
        )


def _check_condition(
    checker: _Checker, cond: Any, earlier: Mapping[str, Question], path: tuple
) -> None:
    if not isinstance(cond, dict) or "question" not in cond:
        return
    target = earlier.get(cond["question"])
    if target is None:
        hint = did_you_mean(cond["question"], earlier)
        checker.error(
            (*path, "question"),
            "HYS030",
            f"show_if refers to '{cond['question']}', which is not on an earlier page",
            hint
            or "name a question on an earlier page (pages work without JavaScript, so a "
            "question cannot depend on one beside it)",
        )
        return
    if ("equals" in cond) == ("answered" in cond):
        checker.error(
            path,
            "HYS030",
            "show_if needs exactly one of 'equals' or 'answered'",
            "write 'equals: <option value>' or 'answered: true'",
        )
        return
    values = {o.value for o in target.options}
    if target.prefer_not_to_say:
        values.add(PREFER_NOT_TO_SAY)
    wanted = cond.get("equals", [])
    for v in wanted if isinstance(wanted, list) else [wanted]:
        if values and str(v) not in values:
            hint = did_you_mean(str(v), values)
            checker.error(
                (*path, "equals"),
                "HYS031",
                f"'{v}' is not an option of '{target.id}'",
                hint or f"use one of: {', '.join(sorted(values))}",
            )


def _build(
    data: dict, file: Path, checker: _Checker, translations: Mapping[str, Mapping[str, str]]
) -> tuple[Questionnaire | None, set[str]]:
    builder = _Builder(checker, translations)
    if not checker.keys(data, schema.TOP_LEVEL, ()):
        return None, set()
    if data.get("id") and data["id"] != file.stem:
        checker.error(
            ("id",),
            "HYS050",
            f"id '{data['id']}' does not match the file name",
            f"rename the file to {data['id']}.yaml or set 'id: {file.stem}'",
        )
    earlier: dict[str, Question] = {}
    page_ids: set[str] = set()
    pages: list[Page] = []
    for pi, raw_page in enumerate(data.get("pages") or []):
        ppath = ("pages", pi)
        if not checker.keys(raw_page, schema.PAGE, ppath):
            continue
        pid = raw_page.get("id", f"page-{pi + 1}")
        if pid in page_ids:
            checker.error(
                (*ppath, "id"),
                "HYS021",
                f"page id '{pid}' is used twice",
                "give each page its own id",
            )
        page_ids.add(pid)
        _check_condition(checker, raw_page.get("show_if"), earlier, (*ppath, "show_if"))
        questions: list[Question] = []
        for qi, raw_q in enumerate(raw_page.get("questions") or []):
            q = _question(raw_q, (*ppath, "questions", qi), checker, builder, earlier)
            if q is not None:
                questions.append(q)
        # later questions on the same page cannot depend on each other: add them afterwards
        for q in questions:
            earlier[q.id] = q
        pages.append(
            Page(
                pid,
                tuple(questions),
                builder.maybe(f"pages.{pid}.title", raw_page.get("title")),
                builder.condition(raw_page.get("show_if")),
            )
        )
    if checker.problems:
        return None, builder.keys
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
    return Questionnaire(
        id=data["id"],
        version=data["version"],
        title=builder.text("title", data["title"]),
        audience=data["audience"],
        age_band=str(data["age_band"]),
        intro=builder.text("intro", data["intro"]),
        thank_you=builder.text("thank_you", data["thank_you"]),
        pages=tuple(pages),
        source=str(file),
        content_hash=digest,
        language=data.get("language", "en"),
        status=data.get("status", "open"),
        summary=builder.maybe("summary", data.get("summary")),
        privacy=builder.maybe("privacy", data.get("privacy")),
        retention_days=data.get("retention_days", 730),
        locales=(data.get("language", "en"), *sorted(translations)),
        raw=MappingProxyType(data),
    ), builder.keys


def _question(
    raw: Any, path: tuple, checker: _Checker, builder: _Builder, earlier: Mapping[str, Question]
) -> Question | None:
    qtype = REGISTRY.get(raw.get("type")) if isinstance(raw, dict) else None
    spec = dict(schema.QUESTION)
    if qtype is not None:
        spec.update({k: (kind, False) for k, kind in qtype.keys.items()})
    if not checker.keys(raw, spec, path) or qtype is None:
        return None
    qid = raw.get("id", "")
    if qid in earlier:
        checker.error(
            (*path, "id"),
            "HYS021",
            f"question id '{qid}' is used twice",
            "give each question its own id",
        )
    _check_type_settings(checker, raw, qtype, path)
    options = builder.options(raw, qtype, path)
    _check_condition(checker, raw.get("show_if"), earlier, (*path, "show_if"))
    settings = {k: raw[k] for k in qtype.keys if k in raw and qtype.keys[k] != "text"}
    settings.update(
        {
            k: builder.text(f"questions.{qid}.{k}", raw[k])
            for k in qtype.keys
            if k in raw and qtype.keys[k] == "text"
        }
    )
    return Question(
        id=qid,
        type=qtype.name,
        text=builder.text(f"questions.{qid}.text", raw.get("text", "")),
        hint=builder.maybe(f"questions.{qid}.hint", raw.get("hint")),
        required=raw.get("required", False),
        options=options,
        prefer_not_to_say=raw.get("prefer_not_to_say", False),
        show_if=builder.condition(raw.get("show_if")),
        privacy_note=builder.maybe(f"questions.{qid}.privacy_note", raw.get("privacy_note")),
        purpose=raw.get("purpose"),
        themes=tuple(raw.get("themes", ())),
        uncrc=tuple(raw.get("uncrc", ())),
        outcomes=tuple(raw.get("outcomes", ())),
        settings=MappingProxyType(settings),
    )


def _translation_files(file: Path) -> dict[str, Path]:
    return {p.name.split(".")[-2]: p for p in sorted(file.parent.glob(f"{file.stem}.*.yaml"))}


def load_file(file: Path | str) -> Questionnaire:
    """Load one definition and its translations, or raise with every problem found."""
    file = Path(file)
    checker = _Checker(file, None)
    data = _read_yaml(file, checker)
    if checker.problems:
        raise QuestionnaireError(checker.problems)
    translations: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    for locale, tfile in _translation_files(file).items():
        tcheck = _Checker(tfile, None)
        tdata = _read_yaml(tfile, tcheck)
        if not tcheck.problems and not (
            isinstance(tdata, dict) and all(isinstance(v, str) for v in tdata.values())
        ):
            tcheck.error(
                (),
                "HYS060",
                "a translation file is a list of 'key: words' lines",
                "write each translated text as 'questions.<id>.text: ...'",
            )
        if not schema.LOCALE.match(locale):
            tcheck.error(
                (),
                "HYS060",
                f"'{locale}' is not a language code",
                f"name the file {file.stem}.<language>.yaml, e.g. {file.stem}.cy.yaml",
            )
        problems += tcheck.problems
        if not tcheck.problems:
            translations[locale] = {str(k): v for k, v in tdata.items()}
    questionnaire, keys = _build(data, file, checker, translations)
    for locale, entries in translations.items():
        tfile = _translation_files(file)[locale]
        tcheck = _Checker(tfile, None)
        _read_yaml(tfile, tcheck)
        for key in entries:
            if key not in keys:
                tcheck.error(
                    (key,),
                    "HYS061",
                    f"'{key}' is not a text of {file.name}",
                    did_you_mean(key, keys) or "remove it, or correct the key",
                )
        problems += tcheck.problems
    problems = checker.problems + problems
    if problems or questionnaire is None:
        raise QuestionnaireError(problems)
    return questionnaire


def translation_keys(questionnaire: Questionnaire) -> set[str]:
    """Every key a translation of ``questionnaire`` should have."""
    checker = _Checker(Path(questionnaire.source), None)
    _, keys = _build(dict(questionnaire.raw), Path(questionnaire.source), checker, {})
    return keys


def definition_files(directory: Path | str = DEFINITIONS) -> list[Path]:
    """Definition files (not their translations) in ``directory``."""
    return sorted(p for p in Path(directory).glob("*.yaml") if "." not in p.stem)


def load_directory(directory: Path | str = DEFINITIONS) -> dict[str, Questionnaire]:
    """Load every definition in ``directory``; raise with the problems of all files."""
    loaded: dict[str, Questionnaire] = {}
    problems: list[Problem] = []
    for file in definition_files(directory):
        try:
            q = load_file(file)
        except QuestionnaireError as exc:
            problems += exc.problems
            continue
        loaded[q.id] = q
    orphans = [
        p
        for p in Path(directory).glob("*.*.yaml")
        if not (p.parent / f"{p.name.split('.')[0]}.yaml").exists()
    ]
    problems += [
        Problem(
            "HYS062",
            str(p),
            "",
            "a translation with no questionnaire beside it",
            "rename it to match a questionnaire file, or remove it",
        )
        for p in orphans
    ]
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def iter_problems(directory: Path | str = DEFINITIONS) -> Iterable[Problem]:
    try:
        load_directory(directory)
    except QuestionnaireError as exc:
        yield from exc.problems
