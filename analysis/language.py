"""Language detection for survey answers: py3langid, a locale hint and our own word lists.

Statistical identifiers are wrong on one- or two-word answers ("school" comes out Dutch), and
English-only theming run over Welsh or Polish would produce confident nonsense. So: short
answers are decided by words we know, and when nothing decides, we say ``und`` rather than
guess. Answers that are plainly English skip py3langid (about 9,500 texts/s) entirely.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from analysis.textutil import words
from analysis.theming import stem

UNDETERMINED = "und"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

EN = frozenset(
    words(
        """
        the and to i my is a it in of for with me we they you that this at on be are
        was not but have has so do dont just like more no when because our get can
        cant im its there what need would should want help all about from or too
        very really lot lots if them their he she his her him us an as by were been
        being had did does doesnt didnt wont isnt arent wasnt how who why where
        which than then some any much many only also even still go going got make
        made know think feel felt good bad ok okay nothing something everything yes
        yeah idk dunno nope thanks people things thing time day days always never
        sometimes often here out up down into over after before new old same other
        own well better best worse worst nice great love hate fine sure maybe please
        thank everyone someone nobody anyone one two three
        """
    )
)
CY = frozenset(
    words(
        """
        yn yr mae dw dwi rwy rydw fy ein eich ddim wedi gyda hefyd ond iawn chi ni
        nhw eu hwn hyn roedd bod fe mi yw ydy mwy angen eisiau hoffi gwneud efo oes
        dim da fi nid gan ei ym yng mor pan achos oherwydd pethau bethau plant rhaid
        gallu cael gormod ysgol hoffir byddai dylai rhywun neb dyw dydw dw'n i'n ti
        """
    )
)
GD = frozenset(
    words(
        """
        agus tha bha air gu ann iad sinn chan cha aig ri le gun math sgoil dhomh dha
        leam orm ach seo sin bhith fhèin tòrr mòr glè nach toilichte cuideachd chì
        chan eil bidh airson mo do ar ur gach
        """
    )
)
PL = frozenset(
    words(
        """
        nie jest się że w z na do mam moja mój moje bardzo jak ale co czy dla mnie
        są od po tak tylko już jestem być był była moich moim jego jej ich ma tego
        ten ta przez lub oraz gdy bo chcę lubię czuję jestem mamy nasz nasza naszej
        też bardziej kiedy gdzie
        """
    )
)
MARKS = {"pl": frozenset("ąćęłńśźż"), "cy": frozenset("ŵŷ"), "gd": frozenset("àèìòù")}
WORDS = {"en": EN, "cy": CY, "gd": GD, "pl": PL}
# Languages py3langid may choose between: ours plus community languages seen in UK councils.
CANDIDATES = words(
    """
    en cy gd ga pl ur ar pa bn ro lt lv so fr es pt de it tr fa ru uk zh sk cs hu bg ta
    gu sq ku ps ti am
    """
)

_identifier: Any = None
_lock = threading.Lock()


def _langid() -> Any:
    global _identifier
    with _lock:
        if _identifier is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                from py3langid.langid import _load_identifier

                identifier = _load_identifier(norm_probs=True)
            identifier.set_languages([c for c in CANDIDATES if c in identifier.nb_classes])
            _identifier = identifier
    return _identifier


@dataclass(frozen=True)
class Detection:
    language: str
    confidence: float
    method: str  # "words", "marks", "langid", "hint" or "none": says how much to trust it


class LanguageDetector:
    """Detects an answer's language; ``english_vocabulary`` (codebook words) lets one-word
    English answers such as "bullying" be recognised without guessing."""

    def __init__(
        self,
        english_vocabulary: Iterable[str] = (),
        extra_words: dict[str, Iterable[str]] | None = None,
        min_confidence: float = 0.6,
    ) -> None:
        self.words = {lang: set(vocab) for lang, vocab in WORDS.items()}
        self.words["en"] |= {w for w in english_vocabulary if w.isascii()}
        for lang, extra in (extra_words or {}).items():
            self.words.setdefault(lang, set()).update(w.lower() for w in extra)
        self.min_confidence = min_confidence
        self._owners: dict[str, tuple[str, ...]] = {}

    def _find_owners(self, word: str) -> tuple[str, ...]:
        owners = [lang for lang, vocab in self.words.items() if word in vocab]
        if "en" not in owners and stem(word) in self.words["en"]:
            owners.append("en")
        return tuple(owners)

    def detect(self, text: str, locale: str | None = None) -> Detection:
        hint = (locale or "").replace("_", "-").split("-")[0].lower() or None
        lowered = text.lower()
        if not lowered.isascii():
            lowered = unicodedata.normalize("NFC", lowered.replace("’", "'"))
        words = _WORD.findall(lowered)  # letters only: apostrophes split mae'r into mae, r
        if not words:
            return Detection(UNDETERMINED, 0.0, "none")
        marks: set[str] = set()
        if not lowered.isascii():
            letters = set(lowered)
            marks = {lang for lang, chars in MARKS.items() if letters & chars}
        counts = dict.fromkeys(self.words, 0)
        known_english = 0
        for w in words:
            owners = self._owners.get(w)
            if owners is None:
                owners = self._find_owners(w)
                if len(self._owners) < 200_000:
                    self._owners[w] = owners
            known_english += "en" in owners
            if len(owners) == 1:
                counts[owners[0]] += 1
        foreign = {lang: n for lang, n in counts.items() if lang != "en" and n}
        for lang in marks:
            foreign[lang] = foreign.get(lang, 0) + 2
        english = counts["en"]
        if not foreign and english >= 2 and english * 2 >= len(words):
            return Detection("en", min(1.0, 0.5 + english / (2 * len(words))), "words")
        if foreign:
            best = max(foreign, key=lambda lang: (foreign[lang], lang == hint))
            if foreign[best] >= 2 and foreign[best] > english:
                return Detection(
                    best,
                    min(1.0, 0.6 + foreign[best] / (2 * len(words))),
                    "marks" if best in marks else "words",
                )
        if len(words) < 4:
            if not marks and known_english == len(words) and not (hint and foreign.get(hint)):
                return Detection("en", 0.7, "words")
            if len(foreign) == 1 and english == 0:
                lang = next(iter(foreign))
                return Detection(lang, 0.6, "words")
            if hint and hint != "en" and foreign.get(hint):
                return Detection(hint, 0.55, "hint")
            return Detection(UNDETERMINED, 0.0, "none")
        language, probability = _langid().classify(text)
        if probability >= self.min_confidence:
            return Detection(language, round(float(probability), 3), "langid")
        if hint and (foreign.get(hint) or (hint == "en" and english)):
            return Detection(hint, 0.5, "hint")
        return Detection(UNDETERMINED, round(float(probability), 3), "none")
