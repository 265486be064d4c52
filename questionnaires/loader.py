"""One pipeline from a YAML file to immutable ``Questionnaire`` objects.

file -> YAML (keeping line numbers) -> checked against ``schema`` and the type
registry -> dataclasses. Every problem in a file is collected and reported
together with its file, place, line and fix.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from questionnaires import schema
from questionnaires.checks import Checker, check_condition, check_type_settings, read_yaml
from questionnaires.errors import Problem, QuestionnaireError, did_you_mean
from questionnaires.matrix import matrix_settings
from questionnaires.model import Condition, Option, Page, Question, Questionnaire, Text
from questionnaires.sections import SECTION_KEY, build_sections, check_scope
from questionnaires.types import OTHER, PREFER_NOT_TO_SAY, REGISTRY, builtin_options

DEFINITIONS = Path(__file__).parent / "definitions"


class _Builder:
    """Turns a checked mapping into dataclasses, attaching translations by key."""

    def __init__(
        self,
        checker: Checker,
        translations: Mapping[str, Mapping[str, str]],
        language: str = "en",
    ):
        self.checker = checker
        self.translations = translations
        self.language = language
        self.keys: set[str] = set()
        self.question_ids: list[str] = []  # every question's id, in order (for rows_from)

    def text(self, key: str, value: Any) -> Text:
        self.keys.add(key)
        found = {loc: t[key] for loc, t in self.translations.items() if key in t}
        return Text(str(value), MappingProxyType(found), self.language)

    def maybe(self, key: str, value: Any) -> Text | None:
        return None if value is None else self.text(key, value)

    def condition(self, raw: Any) -> Condition | None:
        if not isinstance(raw, dict) or not isinstance(raw.get("question"), str):
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
                    + (" (use 'labels' to reword them)" if "labels" in qtype.keys else ""),
                )
            labels = q.get("labels") if isinstance(q.get("labels"), list) else []
            opts = []
            for i, (value, label, symbol) in enumerate(builtin_options(qtype, q)):
                if i < len(labels):
                    opts.append(
                        Option(
                            value, self.text(f"questions.{qid}.labels.{i + 1}", labels[i]), symbol
                        )
                    )
                else:
                    # English here; the interface catalogs translate it (survey/builtin_words.py)
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
        if qtype.options == "scale":
            if raw is not None:
                self.checker.error(
                    (*path, "options"),
                    "HYS040",
                    "a matrix lists the answers of each row under 'scale'",
                    "rename 'options' to 'scale' (the rows go under 'rows' or 'rows_from')",
                )
            scale = q.get("scale")
            return self.option_list(
                q, qtype, scale if isinstance(scale, list) else [], path, "scale"
            )
        if not raw:
            self.checker.error(
                (*path, "options"),
                "HYS011",
                "missing 'options'",
                "add a list of options, each '- value: ...' with 'label: ...'",
            )
            return ()
        return self.option_list(q, qtype, raw, path, "options")

    def option_list(self, q: dict, qtype, raw: list, path: tuple, key: str) -> tuple[Option, ...]:
        """The options written under ``key`` ('options', or a matrix's 'scale' and 'rows'),
        each translated as ``questions.<id>.<key>.<value>``."""
        qid = q.get("id", "")
        opts, seen = [], set()
        for i, item in enumerate(raw or []):
            opath = (*path, key, i)
            if isinstance(item, str):
                item = {"value": _slugify(item, i + 1), "label": item}
            if not self.checker.keys(item, schema.OPTION, opath):
                continue
            value = str(item.get("value"))
            if value == OTHER[0] and q.get("other") is True and qtype.answer == "choices":
                self.checker.error(
                    (*opath, "value"),
                    "HYS040",
                    "'other: true' adds the 'Other' option and its box for you",
                    "remove this option, or remove 'other: true' to keep your own",
                )
            elif value in seen or value == PREFER_NOT_TO_SAY:
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
            exclusive = item.get("exclusive") is True
            if exclusive:
                self._check_exclusive(qtype, opts, (*opath, "exclusive"))
            opts.append(
                Option(
                    value,
                    self.text(f"questions.{qid}.{key}.{value}", item.get("label", value)),
                    exclusive=exclusive,
                )
            )
        if key == "options" and q.get("other") is True and qtype.answer == "choices":
            # English here; the interface catalogs translate it (survey/builtin_words.py)
            opts.append(Option(OTHER[0], Text(OTHER[1]), builtin=True))
        return tuple(opts)

    def _check_exclusive(self, qtype, before: list[Option], path: tuple) -> None:
        """An exclusive option means "none of the others": one per multiple_choice, no more."""
        if qtype.answer != "choices":
            self.checker.error(
                path,
                "HYS042",
                f"'exclusive' is for a multiple_choice option; a {qtype.name} question "
                "already takes one answer",
                "remove 'exclusive: true'",
            )
        elif any(o.exclusive for o in before):
            first = next(o.value for o in before if o.exclusive)
            self.checker.error(
                path,
                "HYS042",
                f"a second exclusive option (the first is '{first}')",
                "keep 'exclusive: true' on one option, such as 'None of these'",
            )


def _slugify(label: str, position: int) -> str:
    """A value from a label; labels in other scripts become 'option-N'."""
    plain = unicodedata.normalize("NFKD", label.lower()).encode("ascii", "ignore").decode()
    slug = "".join(c if c.isalnum() or c == "-" else "_" for c in plain).strip("_-")[:64]
    return slug if slug and schema.SLUG.match(slug) else f"option-{position}"


def _build(
    data: dict,
    file: Path,
    checker: Checker,
    translations: Mapping[str, Mapping[str, str]],
    scopes: Mapping[str, str] | None = None,
) -> tuple[Questionnaire | None, set[str]]:
    language = data.get("language", "en") if isinstance(data, dict) else "en"
    builder = _Builder(checker, translations, language if isinstance(language, str) else "en")
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
    builder.question_ids = [
        str(raw_q.get("id"))
        for raw_page in data.get("pages") or []
        if isinstance(raw_page, dict)
        for raw_q in raw_page.get("questions") or []
        if isinstance(raw_q, dict) and raw_q.get("id")
    ]
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
        check_condition(checker, raw_page.get("show_if"), earlier, (*ppath, "show_if"))
        questions: list[Question] = []
        for qi, raw_q in enumerate(raw_page.get("questions") or []):
            beside = {**earlier, **{q.id: q for q in questions}}  # ids are unique everywhere
            q = _question(raw_q, (*ppath, "questions", qi), checker, builder, earlier, beside)
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
    sections = build_sections(data, checker, builder.text, pages)
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
        sections=sections,
        section_only=MappingProxyType(dict(scopes or {})),
        raw=MappingProxyType(data),
    ), builder.keys


def _question(
    raw: Any,
    path: tuple,
    checker: Checker,
    builder: _Builder,
    earlier: Mapping[str, Question],
    taken: Mapping[str, Question],
) -> Question | None:
    named = raw.get("type") if isinstance(raw, dict) else None
    qtype = REGISTRY.get(named) if isinstance(named, str) else None
    spec = dict(schema.QUESTION)
    # With an unknown type, accept every type's keys: the type is the one thing to fix.
    # A key two types read differently (feelings' and matrix's 'scale') is then not checked.
    for known in [qtype] if qtype is not None else REGISTRY.values():
        for k, kind in known.keys.items():
            spec[k] = (kind if spec.get(k, (kind,))[0] == kind else "any", False)
    if not checker.keys(raw, spec, path) or qtype is None:
        return None
    qid = raw.get("id", "")
    if qid in taken:
        checker.error(
            (*path, "id"),
            "HYS021",
            f"question id '{qid}' is used twice",
            "give each question its own id",
        )
    check_type_settings(checker, raw, qtype, path)
    options = builder.options(raw, qtype, path)
    check_condition(checker, raw.get("show_if"), earlier, (*path, "show_if"))
    settings = {k: raw[k] for k in qtype.keys if k in raw and qtype.keys[k] != "text"}
    settings.update(
        {
            k: builder.text(f"questions.{qid}.{k}", raw[k])
            for k in qtype.keys
            if k in raw and qtype.keys[k] == "text"
        }
    )
    if qtype.options == "scale":  # rows rated on a scale: questionnaires/matrix.py
        settings = matrix_settings(builder, raw, path, earlier)
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
    checker = Checker(file, None)
    data = read_yaml(file, checker)
    if checker.problems:
        raise QuestionnaireError(checker.problems)
    translations: dict[str, dict[str, str]] = {}
    scopes: dict[str, str] = {}  # a translation of one section only: {locale: section id}
    problems: list[Problem] = []
    for locale, tfile in _translation_files(file).items():
        tcheck = Checker(tfile, None)
        tdata = read_yaml(tfile, tcheck)
        if not tcheck.problems and not isinstance(tdata, dict):
            tcheck.error(
                (),
                "HYS060",
                "a translation file is a list of 'key: words' lines",
                "write each translated text as 'questions.<id>.text: ...'",
            )
        elif not tcheck.problems:
            for key, words in tdata.items():
                if not isinstance(words, str):  # named by its key, so the line is found
                    tcheck.error(
                        (key,),
                        "HYS060",
                        f"the translation of '{key}' is not words",
                        "write the translated words after the colon, on the same line, "
                        "e.g. 'questions.<id>.text: ...'",
                    )
                elif not words.strip():
                    tcheck.error(
                        (key,),
                        "HYS060",
                        f"the translation of '{key}' is empty",
                        "write the translation, or remove the line to show the original words",
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
            translations[locale] = {str(k): v for k, v in tdata.items() if k != SECTION_KEY}
            if SECTION_KEY in tdata:
                scopes[locale] = tdata[SECTION_KEY]
    questionnaire, keys = _build(data, file, checker, translations, scopes)
    for locale, entries in translations.items():
        tfile = _translation_files(file)[locale]
        tcheck = Checker(tfile, None)
        read_yaml(tfile, tcheck)
        for key in entries:
            if key not in keys:
                tcheck.error(
                    (key,),
                    "HYS061",
                    f"'{key}' is not a text of {file.name}",
                    did_you_mean(key, keys) or "remove it, or correct the key",
                )
        if locale in scopes and questionnaire is not None:
            check_scope(
                tcheck, scopes[locale], entries, questionnaire.sections, questionnaire.pages
            )
        problems += tcheck.problems
    problems = checker.problems + problems
    if problems or questionnaire is None:
        raise QuestionnaireError(problems)
    return questionnaire


def translation_keys(questionnaire: Questionnaire) -> set[str]:
    """Every key a translation of ``questionnaire`` should have."""
    checker = Checker(Path(questionnaire.source), None)
    _, keys = _build(dict(questionnaire.raw), Path(questionnaire.source), checker, {})
    return keys


def untranslated(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """For each language it has a translation file for, the keys that file leaves out, sorted.

    A missing key shows the original words inside a page in another language:
    allowed (a translation can be finished later), but an author must know.
    """
    translated = _translated_keys(Path(questionnaire.source))
    wanted = translation_keys(questionnaire)
    return {locale: sorted(wanted - keys) for locale, keys in sorted(translated.items())}


def _translated_keys(file: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for locale, tfile in _translation_files(file).items():
        data = read_yaml(tfile, Checker(tfile, None))
        found[locale] = (
            {str(k) for k in data if k != SECTION_KEY} if isinstance(data, dict) else set()
        )
    return found


def definition_files(directory: Path | str = DEFINITIONS) -> list[Path]:
    """Definition files (not their translations) in ``directory``."""
    return sorted(p for p in Path(directory).glob("*.yaml") if "." not in p.stem)


def load_each(
    directory: Path | str = DEFINITIONS,
) -> tuple[dict[str, Questionnaire], dict[str, tuple[Problem, ...]]]:
    """Every definition in ``directory`` that loads, and the problems of each that does not.

    One broken file (or a broken translation of it) refuses that questionnaire
    alone: the others are served. Both maps are keyed by questionnaire id (the
    file name); a translation with no questionnaire beside it is reported
    under the id its name claims.
    """
    loaded: dict[str, Questionnaire] = {}
    broken: dict[str, tuple[Problem, ...]] = {}
    for file in definition_files(directory):
        try:
            q = load_file(file)
        except QuestionnaireError as exc:
            broken[file.stem] = exc.problems
            continue
        loaded[q.id] = q
    for orphan in sorted(Path(directory).glob("*.*.yaml")):
        claimed = orphan.name.split(".")[0]
        if not (orphan.parent / f"{claimed}.yaml").exists():
            problem = Problem(
                "HYS062",
                str(orphan),
                "",
                "a translation with no questionnaire beside it",
                "rename it to match a questionnaire file, or remove it",
            )
            broken[claimed] = (*broken.get(claimed, ()), problem)
    return loaded, broken


def load_directory(directory: Path | str = DEFINITIONS) -> dict[str, Questionnaire]:
    """Load every definition in ``directory``; raise with the problems of all files.

    For authors' checks, which must see every problem; the web app uses
    ``load_each`` so that one broken file does not stop the others.
    """
    loaded, broken = load_each(directory)
    problems = [p for found in broken.values() for p in found]
    if problems:
        raise QuestionnaireError(problems)
    return loaded


def iter_problems(directory: Path | str = DEFINITIONS) -> Iterable[Problem]:
    _loaded, broken = load_each(directory)
    for found in broken.values():
        yield from found
