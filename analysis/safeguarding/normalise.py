"""Turn what a child typed into the plain tokens the rules are written in.

Children type on phones: capitals, missing apostrophes, "sooooo", "k1ll", "s u i c i d e",
curly quotes, Welsh and Polish with or without accents, Arabic with or without vowel marks.
Rules would need a variant for each of those; instead the text *and* the rules go through the
same normalisation, so a rule author writes one plain form and it matches them all.

Every step works inside one token (a run of letters), so a token of the original text always
becomes exactly one token (or nothing); that lets us map a match back to the span the child
wrote, for the safeguarding lead's view.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# A token: letters and digits (any script), the combining marks Arabic and Urdu add to letters,
# joiners used inside Urdu words, apostrophes (dropped later: "don't" -> "dont") and the
# characters of leetspeak. Sentence breaks are tokens of their own (they become "|"), so a
# phrase never spans two sentences and "unless" context is looked for in the match's sentence.
# Kept this simple on purpose: tokenising is most of the cost of screening a text.
_WORD_CHARS = r"\w'’‘`@$\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u200c\u200d"
TOKEN_RE = re.compile(rf"[{_WORD_CHARS}]+|[.!?;؟۔\n]+")
SENTENCE_BREAK = "|"
# Three or more one-letter tokens in a row, perhaps with full stops between ("s.u.i.c.i.d.e").
_SPELLED = re.compile(r"(?<![^ ])[^ |](?: (?:\| )?[^ |]){2,}(?![^ ])")

# Leetspeak basics, used only inside a token that also has a letter ("k1ll", "d13", "h@te"),
# so "0800 1111" and "14" stay as they are.
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_HAS_LEET = re.compile(r"[013457@$]")
_HAS_LETTER = re.compile(r"[^\W\d_]")

# One spelling for letters that vary between keyboards and between Arabic and Urdu; apostrophes
# and joiners dropped ("don't" -> "dont"), tatweel (decorative stretching) removed.
_FOLD = str.maketrans(
    {
        "'": None,
        "’": None,
        "‘": None,
        "`": None,
        "\u200c": None,
        "\u200d": None,
        "\u0640": None,  # tatweel
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ی",
        "ي": "ی",
        "ئ": "ی",
        "ك": "ک",
        # Urdu typed on an Arabic keyboard has no ے (bari ye) or ں (noon ghunna): ي and ن are
        # typed instead, at the end of most Urdu verbs and plurals ("مجھے" / "مجهي", "ہیں" /
        # "هين"). Fold them so one Urdu rule matches both keyboards.
        "ے": "ی",
        "ۓ": "ی",
        "ں": "ن",
        "ة": "ه",
        "ۃ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ؤ": "و",
        "ß": "ss",
        "ł": "l",  # Polish ł has no decomposition, so accent stripping would miss it
        "ø": "o",
        "đ": "d",
    }
)
# Repeated letters collapse to one, in text and rules alike: "sooooo" -> "so", but also
# "kill" -> "kil", so the common misspelling "kil" matches a rule that says "kill". Digits
# stay as typed: "999" is not "9", and "148" is not "1488".
_REPEATS = re.compile(r"([^\W\d_])\1+")

# Whole words whose apostrophe tells two languages apart: without it Welsh "sy'n" (who is) is
# Polish "syn" (son), and every Welsh adult's answer read as speaking of a specific child, so a
# worker's service statistics that named self-harm became a case. Written out in full, it is
# Welsh's own word. Only the apostrophe form: a "syn" typed without one stays ambiguous.
_WHOLE = {"sy'n": "sydd", "sy’n": "sydd", "sy‘n": "sydd", "sy`n": "sydd"}

_cache: dict[str, str] = {}
_CACHE_LIMIT = 200_000


def normalise_token(raw: str) -> str:
    """Normalise one token; cached because children's vocabulary repeats a great deal."""
    done = _cache.get(raw)
    if done is not None:
        return done
    if raw[0] in ".!?;؟۔\n":
        done = SENTENCE_BREAK
    else:
        token = raw.lower()
        token = _WHOLE.get(token, token)
        if _HAS_LEET.search(token) and _HAS_LETTER.search(token):
            token = token.translate(_LEET)
        if not token.isascii():
            token = unicodedata.normalize("NFKD", token)
            token = "".join(ch for ch in token if not unicodedata.combining(ch))
        token = token.translate(_FOLD)
        token = _REPEATS.sub(r"\1", token)
        done = token.replace("_", "")
    if len(_cache) >= _CACHE_LIMIT:
        _cache.clear()
    _cache[raw] = done
    return done


_texts: dict[str, tuple[str, ...]] = {}
_TEXTS_LIMIT = 5_000


def tokens(text: str) -> list[str]:
    """The normalised tokens of a text, with letters typed one by one joined up.

    "k i l l  m y s e l f" is typed to slip past filters (or just oddly); three or more
    one-letter tokens in a row are joined into one word. The last few thousand texts are
    remembered: the rules and then the meaning layer both read each answer of a run.
    """
    found = _texts.get(text)
    if found is None:
        found = tuple(_tokens(text))
        if len(_texts) >= _TEXTS_LIMIT:
            _texts.clear()
        _texts[text] = found
    return list(found)


def _tokens(text: str) -> list[str]:
    get = _cache.get
    out = [get(t) or normalise_token(t) for t in TOKEN_RE.findall(text)]
    if "" in out:
        out = [t for t in out if t]
    if not _SPELL_LETTERS.isdisjoint(out) and _SPELLED.search(" ".join(out)):
        return [
            _REPEATS.sub(r"\1", "".join(out[k] for k in g if out[k] != SENTENCE_BREAK))
            if len(g) > 1
            else out[g[0]]
            for g in _groups(out)
        ]
    return out


def token_spans(text: str) -> list[tuple[int, int]]:
    """The span in the original text of each token :func:`tokens` returns, in the same order.

    Only used when something matched (rare), so it may be slower than :func:`tokens`.
    """
    raw = [(normalise_token(m.group()), m.start(), m.end()) for m in TOKEN_RE.finditer(text)]
    raw = [r for r in raw if r[0]]
    return [(raw[g[0]][1], raw[g[-1]][2]) for g in _groups([r[0] for r in raw])]


# One-letter words of text-speak ("u r a star", "me n mum"): a run made only of these is
# ordinary writing, not a word spelled out.
_TEXT_SPEAK_LETTERS = frozenset("iaurnbcyx")
# A spelled-out word has at least one letter that is not text-speak: a cheap first check.
_SPELL_LETTERS = frozenset("defghjklmopqstvwz")


def _groups(words: list[str]) -> Iterator[list[int]]:
    """Indices of the tokens that make each output token: a spelled-out run is one token."""
    i, n = 0, len(words)
    while i < n:
        j = i
        letters: list[str] = []
        while j < n:
            if len(words[j]) == 1 and words[j] != SENTENCE_BREAK:
                letters.append(words[j])
                j += 1
            elif (
                words[j] == SENTENCE_BREAK
                and letters
                and j + 1 < n
                and len(words[j + 1]) == 1
                and words[j + 1] != SENTENCE_BREAK
            ):
                j += 1
            else:
                break
        if len(letters) >= 3 and not set(letters) <= _TEXT_SPEAK_LETTERS:
            yield list(range(i, j))
            i = j
        else:
            yield [i]
            i += 1


def normalise_phrase_word(word: str) -> list[str]:
    """Normalise one word of a rule the way text is, keeping its tokens (may be several)."""
    return tokens(word)


# Where an answer's sentences end, in the scripts we screen (Arabic and Urdu marks included).
_SENTENCE_END = re.compile(r"(?<=[.!?;\u061f\u06d4])\s+|\s*\n+\s*")
_SENTENCE_WORDS = 4  # a shorter piece ("ok.", "thanks!") says too little to judge alone


def sentences_of(text: str) -> list[str]:
    """The answer itself, then its sentences when it has two or more of some length: the
    screen reads a long answer both ways, and the meaning layer learns look-alikes both ways."""
    parts = [p for p in _SENTENCE_END.split(text) if len(p.split()) >= _SENTENCE_WORDS]
    return [text, *parts] if len(parts) > 1 else [text]
