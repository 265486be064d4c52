"""Read the rules files a safeguarding lead edits, check them, and compile them once.

The rule language is deliberately small (see docs/safeguarding-rules.md): a phrase is a list of
words over normalised text, where a word may be ``word``, ``word*`` (begins with), ``a|b``,
``{list}`` (a named word list), ``*`` (any one word) or ``...``/``...N`` (a gap of up to 3 or N
words). Every phrase compiles to one regular expression over the normalised tokens, and each
phrase is indexed by one of its words (its *anchor*), so a text only runs the few phrases whose
anchor it contains. A mistake in a file stops loading with the file, the line and the fix:
a screen that silently skips a broken rule would miss the disclosures that rule was for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .categories import CATEGORIES
from .normalise import normalise_phrase_word

GAP_DEFAULT = 3
GAP_MAX = 8
RULE_KEYS = frozenset(
    {"id", "category", "phrases", "unless", "unless_window", "regex", "examples", "not_examples"}
)
FILE_KEYS = frozenset({"language", "words", "context", "rules"})
CONTEXT_KEYS = frozenset({"specific_child", "first_person", "service_talk"})
# Words too common to index a phrase by; a phrase is indexed by its least common word.
_COMMON_WORDS = (
    "i me my im ive id to the a an and he she it you u is of in at on so dont not want go get "
    "be do was have has they them her him his us we our your mum dad this that with for "
    "school schol food fod friends frends mates says said told tels tel money phone home go "
    "going get got like people lunch things stuf time every day always never more out up all "
    "again about because really very want wana feel think know need help with if no not one "
    "any had own old al ma fi z se ps ben bed cant can house older kids care social worker "
    "after before teachers lessons would should there when have were are sister brother "
    "park club bus safe happy sad love hate fun good bad nice tired late weekend sometimes "
    "mae yn fy i dw tha mi gu nie sie mnie ze w na ان فی من میں مجهے هے کو سے"
)
_COMMON = frozenset(t for w in _COMMON_WORDS.split() for t in normalise_phrase_word(w))
_WORD_GAP = re.compile(r"^\.\.\.(\d*)$")
# Items of a phrase: a word (with | alternatives) or a bracketed choice of several-word
# alternatives, "(county lines|trap house)".
_ITEM = re.compile(r"(?:\([^()]*\)|[^\s()])+|[()]")


class RulesError(ValueError):
    """A rules file cannot be used; the message names the file, the place and the fix."""


class _LineLoader(yaml.SafeLoader):
    """Keeps the line of each mapping, so errors can point a lead at the right place."""


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    language: str
    unless: re.Pattern[str] | None
    unless_window: int | None
    examples: tuple[str, ...]
    not_examples: tuple[str, ...]
    source: str


@dataclass(frozen=True, eq=False)
class Phrase:
    # eq=False: a phrase is hashed by identity. The screener de-duplicates candidate phrases in
    # a dict for every answer; a field-wise hash would hash the rule's examples each time, so
    # screening would slow down as rules gain examples.
    rule: Rule
    pattern: re.Pattern[str]
    keys: tuple[str, ...]
    prefix_keys: tuple[str, ...]
    # For each word of the phrase that has no "*": the tokens one of which must be in the text.
    # Checking these sets is far cheaper than running the regex, so most candidates stop here.
    required: tuple[frozenset[str], ...] = ()


@dataclass
class RuleSet:
    rules: list[Rule] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)
    context: dict[str, list[str]] = field(default_factory=dict)  # regexes
    context_patterns: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


class _Place:
    """Where we are in a file, for error messages a non-programmer can act on."""

    def __init__(self, path: Path, line: int | None = None, what: str = "") -> None:
        self.path, self.line, self.what = path, line, what

    def fail(self, problem: str, fix: str) -> RulesError:
        where = f"{self.path}" + (f", line {self.line}" if self.line else "")
        where += f" ({self.what})" if self.what else ""
        return RulesError(f"{where}: {problem}. Fix: {fix}")


def load_directory(path: str | Path) -> RuleSet:
    """Load every ``*.yaml`` file in a folder (sorted, so results never depend on disk order)."""
    folder = Path(path)
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise RulesError(
            f"{folder}: no rules files found. Fix: point the screen at the folder holding "
            "the safeguarding rules (*.yaml), e.g. analysis/safeguarding/rules"
        )
    ruleset = RuleSet()
    seen: dict[str, str] = {}
    for file in files:
        _load_file(file, ruleset, seen)
    ruleset.context_patterns = {
        key: _alternation(regexes) for key, regexes in ruleset.context.items()
    }
    return ruleset


def _load_file(file: Path, ruleset: RuleSet, seen: dict[str, str]) -> None:
    place = _Place(file)
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise RulesError(
            f"{file}{line}: this is not valid YAML ({getattr(exc, 'problem', exc)}). Fix: check "
            "indentation (spaces, not tabs) and put phrases containing ':' or '#' in quotes"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise place.fail(f"cannot be read ({exc})", "save it as UTF-8 text") from exc
    if not isinstance(data, dict):
        raise place.fail("the file must be a mapping with 'language' and 'rules'", "see en.yaml")
    place.line = data.pop("__line__", None)
    _check_keys(data, FILE_KEYS, place, "the top of the file")
    language = data.get("language")
    if not isinstance(language, str) or not language:
        raise place.fail("'language' is missing", "add e.g. 'language: cy' at the top")
    words = _word_lists(data.get("words") or {}, file)
    _contexts(data.get("context") or {}, words, ruleset, file)
    rules = data.get("rules")
    if not isinstance(rules, list) or not rules:
        raise place.fail("'rules' is missing or empty", "add a list of rules under 'rules:'")
    for raw in rules:
        _load_rule(raw, language, words, ruleset, seen, file)
    ruleset.files.append(str(file))


def _check_keys(data: dict[str, Any], allowed: frozenset[str], place: _Place, what: str) -> None:
    unknown = sorted(set(data) - allowed - {"__line__"})
    if unknown:
        raise place.fail(
            f"unknown key {unknown[0]!r} in {what}",
            f"use only {', '.join(sorted(allowed))} (check the spelling)",
        )


def _strings(value: Any, place: _Place, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise place.fail(f"'{key}' must be a list of non-empty texts", f"write '{key}: [a, b]'")
    return value


def _word_lists(raw: Any, file: Path) -> dict[str, list[list[str]]]:
    """Named lists, each entry normalised into its tokens (an entry may be several words)."""
    place = _Place(file, raw.get("__line__") if isinstance(raw, dict) else None, "words")
    if not isinstance(raw, dict):
        raise place.fail("'words' must be a mapping of list names to lists", "see en.yaml")
    lists: dict[str, list[list[str]]] = {}
    for name, entries in raw.items():
        if name == "__line__":
            continue
        entries = _strings(entries, place, f"words: {name}")
        lists[name] = [_normalised_words(e, place) for e in entries]
    return lists


def _normalised_words(entry: str, place: _Place) -> list[str]:
    out: list[str] = []
    for word in entry.split():
        if word.endswith("*") and len(word) > 1:
            stem = normalise_phrase_word(word[:-1])
            if len(stem) != 1 or len(stem[0]) < 3:
                raise place.fail(
                    f"'{word}': a word ending in * needs at least 3 letters before the *",
                    "write a longer beginning (e.g. 'suicid*'), or list the words instead",
                )
            out.append(stem[0] + "*")
        else:
            out.extend(normalise_phrase_word(word))
    return out


def _contexts(raw: Any, words: dict[str, list[list[str]]], ruleset: RuleSet, file: Path) -> None:
    place = _Place(file, raw.get("__line__") if isinstance(raw, dict) else None, "context")
    if not isinstance(raw, dict):
        raise place.fail("'context' must be a mapping", f"use keys {sorted(CONTEXT_KEYS)}")
    _check_keys(raw, CONTEXT_KEYS, place, "context")
    for key, phrases in raw.items():
        if key == "__line__":
            continue
        for phrase in _strings(phrases, place, f"context: {key}"):
            ruleset.context.setdefault(key, []).append(_phrase_regex(phrase, words, place))


def _load_rule(raw: Any, language: str, words, ruleset: RuleSet, seen, file: Path) -> None:
    if not isinstance(raw, dict):
        raise _Place(file).fail(f"a rule must be a mapping, not {raw!r}", "start it with '- id:'")
    place = _Place(file, raw.get("__line__"), f"rule {raw.get('id', '(no id)')!r}")
    _check_keys(raw, RULE_KEYS, place, "a rule")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise place.fail("the rule has no 'id'", "give it a unique id such as 'en.self_harm.cut'")
    if rule_id in seen:
        raise place.fail(f"id {rule_id!r} is already used in {seen[rule_id]}", "rename one")
    seen[rule_id] = str(file)
    category = raw.get("category")
    if category not in CATEGORIES:
        raise place.fail(f"unknown category {category!r}", f"use one of: {', '.join(CATEGORIES)}")
    phrases = _strings(raw.get("phrases") or [], place, "phrases") if "phrases" in raw else []
    experts = raw.get("regex") or []
    if not phrases and not experts:
        raise place.fail("the rule has no 'phrases'", "add at least one phrase to look for")
    window = raw.get("unless_window")
    if window is not None and (not isinstance(window, int) or isinstance(window, bool)):
        raise place.fail("'unless_window' must be a whole number of words", "e.g. 6")
    unless = _strings(raw["unless"], place, "unless") if "unless" in raw else []
    rule = Rule(
        id=rule_id,
        category=category,
        language=language,
        unless=_alternation([_phrase_regex(p, words, place) for p in unless]),
        unless_window=window,
        examples=tuple(_strings(raw["examples"], place, "examples")) if "examples" in raw else (),
        not_examples=tuple(_strings(raw["not_examples"], place, "not_examples"))
        if "not_examples" in raw
        else (),
        source=f"{file.name}:{place.line}",
    )
    ruleset.rules.append(rule)
    for phrase in phrases:
        regex, keys, prefixes, required = _compile_phrase(phrase, words, place)
        ruleset.phrases.append(Phrase(rule, re.compile(regex), keys, prefixes, required))
    for expert in experts:
        ruleset.phrases.append(_expert(expert, rule, place))


def _expert(raw: Any, rule: Rule, place: _Place) -> Phrase:
    """A regular expression for experts; it must name the words it always contains (anchors)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("pattern"), str):
        raise place.fail("each 'regex' entry needs 'pattern' and 'anchors'", "see the docs")
    anchors = _strings(raw.get("anchors"), place, "regex anchors")
    try:
        pattern = re.compile(raw["pattern"])
    except re.error as exc:
        raise place.fail(f"regex {raw['pattern']!r} is not valid ({exc})", "correct it") from exc
    keys = tuple(normalise_phrase_word(a)[0] for a in anchors)
    return Phrase(rule, pattern, keys, ())


def _alternation(regexes: list[str]) -> re.Pattern[str] | None:
    return re.compile("|".join(f"(?:{r})" for r in regexes)) if regexes else None


def _phrase_regex(phrase: str, words, place: _Place) -> str:
    return _compile_phrase(phrase, words, place)[0]


def _compile_phrase(phrase: str, words, place: _Place) -> tuple[str, tuple, tuple, tuple]:
    """One phrase -> (regex over " tok tok ", exact anchor keys, prefix anchor keys).

    The regex's match starts at the space before the first word (see below)."""
    parts: list[str] = []
    required: list[frozenset[str]] = []
    gap_before = False
    best: tuple[int, tuple[str, ...], tuple[str, ...]] | None = None
    items = _ITEM.findall(phrase)
    for i, item in enumerate(items):
        if item in "()":
            raise place.fail(f"phrase {phrase!r} has an unmatched bracket", "close every '('")
        gap = _WORD_GAP.match(item)
        if gap:
            if i == 0 or i == len(items) - 1 or gap_before:
                raise place.fail(f"phrase {phrase!r}: '...' must sit between two words", "move it")
            n = int(gap.group(1) or GAP_DEFAULT)
            if not 1 <= n <= GAP_MAX:
                raise place.fail(f"phrase {phrase!r}: gap {item}", f"use ...1 to ...{GAP_MAX}")
            parts.append(f" (?:[^ |]+ ){{0,{n}}}")
            gap_before = True
            continue
        if parts and not gap_before:
            parts.append(" ")
        gap_before = False
        if item == "*":
            parts.append("[^ |]+")
            continue
        alternatives = _alternatives(item, words, place, phrase)
        parts.append("(?:" + "|".join(_alt_regex(a) for a in alternatives) + ")")
        chosen = [_key(a) for a in alternatives]
        keys = tuple(sorted({k for k in chosen if not k.endswith("*")}))
        prefixes = tuple(sorted({k[:-1] for k in chosen if k.endswith("*")}))
        if not prefixes:
            required.append(frozenset(keys))
        score = sum(50 if k in _COMMON else 1 for k in keys) + 5 * len(prefixes)
        if best is None or score < best[0]:
            best = (score, keys, prefixes)
    if best is None:
        raise place.fail(f"phrase {phrase!r} has no plain word", "include at least one word")
    # The leading space is matched, not looked behind: a pattern that starts with a literal
    # lets the regex engine skip ahead fast, which matters at 30,000 texts a second.
    regex = " " + "".join(parts) + "(?= )"
    return regex, best[1], best[2], tuple(required)


def _alternatives(item: str, words, place: _Place, phrase: str) -> list[list[str]]:
    alternatives: list[list[str]] = []
    pieces: list[str] = []
    for piece in re.findall(r"\([^()]*\)|[^|()]+", item):
        pieces.extend(piece[1:-1].split("|") if piece.startswith("(") else [piece])
    for alt in (p.strip() for p in pieces):
        named = re.fullmatch(r"\{(\w+)\}", alt)
        if named:
            if named.group(1) not in words:
                raise place.fail(
                    f"phrase {phrase!r} uses the list {alt} which is not defined in this file",
                    f"add '{named.group(1)}: [...]' under 'words:' or correct the name",
                )
            alternatives.extend(words[named.group(1)])
            continue
        normalised = _normalised_words(alt, place)
        if not normalised:
            raise place.fail(f"phrase {phrase!r}: {alt!r} has no letters", "remove it")
        alternatives.append(normalised)
    return alternatives


def _key(tokens: list[str]) -> str:
    """The word of a several-word alternative to index it by: a whole, uncommon word if any."""
    exact = [t for t in tokens if not t.endswith("*")]
    if exact:
        return min(exact, key=lambda t: (t in _COMMON, -len(t)))
    return tokens[0]


def _alt_regex(tokens: list[str]) -> str:
    return " ".join(
        re.escape(t[:-1]) + "[^ |]*" if t.endswith("*") else re.escape(t) for t in tokens
    )
