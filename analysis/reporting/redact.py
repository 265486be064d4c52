"""Taking names, schools, places and contact details out of quotes.

A quote shown to commissioners (and then to a scrutiny committee, in public
papers) must not identify the child, or anyone they mention. Redaction here is
deliberately greedy for things that are clearly identifying (contact details,
full dates, schools, streets) and careful with words that are both names and
ordinary English ("Will", "May", "Grace"), which are only taken out where the
sentence says they are names ("my friend Grace", "my name is Will").

It is a safety net, not a guarantee: a person reviews every quote before it is
approved. ``Redacted.replaced`` holds the original words so that reviewer can
check the work; it is as sensitive as the raw answer and must never be shown
on a findings page, in an export or in a report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple


class Replacement(NamedTuple):
    kind: str  # name | school | place | phone | email | url | handle | date | age
    original: str
    start: int
    end: int


@dataclass(frozen=True)
class Redacted:
    text: str
    replaced: tuple[Replacement, ...]


LABELS = {
    "name": "[name]",
    "school": "[school]",
    "place": "[place]",
    "phone": "[phone]",
    "email": "[email]",
    "url": "[link]",
    "handle": "[username]",
    "date": "[date]",
    "age": "[age]",
}

# --- data: written for this toolkit, not exhaustive ---------------------------
# Common first names of children, parents and staff in the UK, across
# backgrounds (English, Scottish, Welsh, Irish, South Asian, Arabic, African,
# Caribbean, Eastern European, Chinese, Gaelic). Lower case.
_NAMES = """
oliver george harry noah jack leo arthur muhammad mohammed mohammad mohamed oscar charlie
jacob thomas henry william james freddie alfie theo archie joshua alexander ethan isaac
joseph samuel daniel benjamin lucas logan jayden dylan tyler riley callum kieran liam
connor ryan jamie lewis aaron adam ben jake luke matthew michael david christopher andrew
paul peter steven stephen richard robert simon kevin gary craig scott ross fraser euan
finlay hamish angus alasdair calum ruaridh murdo lachlan cameron dougie iain ewan rhys
dafydd gareth owain iwan gethin emrys llew aled osian cai elis ieuan sion tomos dewi
cian oisin padraig sean conor niall eoin declan darragh ciaran seamus colm ronan
aarav arjun rohan rahul vikram sanjay ravi amit ajay deepak harpreet gurpreet jaspreet
mandeep manpreet sukhdeep kuldeep rajesh suresh vijay kiran priya ananya aisha ayesha
fatima zainab maryam khadija amina noor nur hana hannah yasmin yasmeen zara sara sarah
layla leila amira safa sana samira hiba iman inaya inaaya aaliyah aliyah hafsa sumaya
ali omar hassan hussain hussein ibrahim yusuf yousef ismail ismael idris ahmed ahmad
hamza bilal zain zayn ayaan ayan rayan rehan imran irfan tariq usman umar abdullah
abdul rashid karim kareem faisal nadia rania dalia salma huda asma farah shabnam
tahir sajid shahid zubair waqas naveed asif arif kamran nasir junaid adnan saif
kwame kofi kojo kwabena kwesi ama abena akosua adwoa chidi chinedu chiamaka chioma
emeka ngozi obinna ifeoma oluwaseun olumide tunde tobi temitope funmilayo femi dami
ayodele segun bukola yetunde abimbola tolu zanele thabo sipho nomsa amara ade
marcus tyrone jermaine leon andre dwayne delroy winston errol shanice shantelle tanisha
keisha aaliyah jada tia kezia precious blessing favour divine godwin emmanuel samuel
olivia amelia isla ava mia ivy lily isabella rosie sophia grace willow freya florence
emily ella poppy evie elsie charlotte evelyn sienna daisy phoebe sophie alice harper
matilda ruby emilia maya millie isabelle eva luna jessica chloe lucy megan ellie katie
lauren holly amy emma rebecca rachel laura jennifer nicola claire lisa michelle
karen julie helen susan elizabeth margaret catherine kathryn louise natalie gemma
jodie kayleigh kirsty shona morag eilidh isla catriona mhairi ailsa iona kirsteen
siobhan aoife niamh ciara saoirse orla roisin caoimhe grainne sinead clodagh
cerys seren ffion mali lowri carys elin megan nia bethan angharad rhiannon sian catrin
efa alaw gwen gwenllian non teleri branwen
zofia zuzanna julia maja lena hanna wiktoria natalia oliwia amelia jakub kacper szymon
filip mateusz bartosz wojciech piotr krzysztof tomasz agnieszka katarzyna magdalena
andrei ionut alexandru mihai elena ioana andreea maria gabriel darius luca stefan
wei ming jun hui mei ling xin yan chen li jing hao yu ting
kai jordan taylor morgan casey alex sam charlie frankie jesse reece rhys kyle shane
ellis harley bailey brandon nathan jason darren wayne dean lee carl mark neil martin
anthony jonathan timothy philip nicholas graham ian keith derek trevor colin barry
tracey sharon donna joanne kelly stacey leanne amanda deborah diane janet linda
patricia jean barbara carol sandra angela wendy pauline lorraine theresa bernadette
kerry toni demi jade amber summer autumn jasmine hazel violet olive iris heather
rose hope faith joy dawn may june april grace will bill pat sue max rob nick
bob jack frank guy ray art rich sky sunny robin angel harmony eve drew grant miles
mason carter hunter cooper chase
abigail alexis aria bella bonnie caitlin darcy ella-rose eliza esme felicity georgia
harriet imogen jasmine josephine kayla lacey lexi lola macy maisie mollie naomi
paige pippa scarlett skye tilly victoria zoe
aidan alfred bobby billy danny eddie elliot finn gabriel harrison hugo jasper jude
kian leon louis max mohamed nathaniel reuben rory sebastian seth stanley toby tommy
zachary zachariah elijah ezra tom joe dan jim tim jon liz beth kate jess becky abi
josh matt mike dave chris andy pete steve rick ricky kev stu alfie dexter kacper
"""
NAMES = frozenset(_NAMES.split())
# Names that are also ordinary words or months: only taken out where the
# sentence says they are names ("my friend Will", "Grace said").
_AMBIGUOUS = """
will may june april august grace hope faith joy rose dawn summer autumn amber jade holly ivy
ruby iris hazel violet olive heather jasmine daisy poppy willow sky sunny robin angel
harmony precious blessing favour divine bill pat sue max rob nick bob jack frank guy ray art
rich eve drew grant miles mason carter hunter cooper chase luna maya sam alex kai jordan
taylor morgan casey lee dean mark gene carol said bonnie lacey paige skye tilly seth jude
finn rory angel blessing favour divine jesse kelly kerry toni tia iona mali non efa alaw li
yu jun ming hui mei yan jean ting
"""
AMBIGUOUS = frozenset(_AMBIGUOUS.split())
# Capitalised words that start sentences or name services, never people,
# and are dropped from the front of a school, street or place.
_STOP = """
I A An The At In On To My Our Your His Her Their Its We They He She It You This That These
Those There Here When Where While Since From And But Or So If Because Also Then Now Today
Yesterday Tomorrow Sometimes Always Never Often Usually Maybe Perhaps Yes No Not Please
Thanks Thank Well Really Actually Just Only Even After Before Until Every Each Some Most All
Any Many More Going Being Starting Leaving Moving Having Getting At Near By With Without
About Why How What Who Which Mum Dad Nan Gran Miss Mr Mrs Ms Sir Year Monday Tuesday
Wednesday Thursday Friday Saturday Sunday Christmas Easter Childline Police Council NHS
CAMHS Social Services Happy Sad Fine Good OK Ok Okay Not Scared Sorry Tired Bored Angry
Worried Lonely Very Too Still Again Other Another New Old Big Little Local Main Top Best
Same Back Home Our Their Friends Family School College
"""
STOP = frozenset(_STOP.split())
_GENERIC_SCHOOL = """
Secondary Primary High Junior Juniors Infant Infants Nursery Special Sixth Form Grammar
Middle Upper Lower Community Catholic Church Free Independent Boarding Private State Further
Higher Education Art Drama Dance Sunday Forest Summer Holiday Music Football Swimming Youth
Pupil Referral Unit Leisure
"""
GENERIC_SCHOOL = frozenset(_GENERIC_SCHOOL.split())
_NOT_NAMES = """
not a an the so very really just still going happy sad fine ok okay sorry scared tired bored
angry worried lonely from in at on with here there being called nothing no yes and but or
names me you him her them it this that
"""
NOT_NAMES = frozenset(_NOT_NAMES.split())
STREET_WORDS = (
    r"Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Way|Crescent|Court|Place|Gardens|"
    r"Terrace|Grove|Square|Walk|Rise|Mews|Row|Parade|Park|Hill|View"
)
SCHOOL_WORDS = (
    r"Primary School|Primary|Academy|High School|Secondary School|Grammar School|"
    r"Junior School|Infant School|Infants|Juniors|Community School|School|College|"
    r"Sixth Form|Nursery|Free School|Special School|Pupil Referral Unit|PRU"
)
# A few towns and cities; ones that are also words (Reading, Bath, March,
# Wells, Street, Deal) are left to the "in <Name> town" pattern.
_TOWNS = """London|Birmingham|Manchester|Liverpool|Leeds|Sheffield|Bradford|Bristol|
Nottingham|Leicester|Coventry|Wolverhampton|Stoke-on-Trent|Derby|Luton|Northampton|
Milton Keynes|Peterborough|Cambridge|Oxford|Norwich|Ipswich|Colchester|Chelmsford|
Basildon|Southend|Harlow|Brentwood|Hereford|Worcester|Gloucester|Exeter|Plymouth|
Southampton|Portsmouth|Brighton|Newcastle|Sunderland|Middlesbrough|Hull|York|
Blackpool|Preston|Bolton|Wigan|Oldham|Rochdale|Stockport|Salford|Loughborough|
Hinckley|Coalville|Melton Mowbray|Market Harborough|Lutterworth|Wigston|Oadby|
Cardiff|Swansea|Newport|Wrexham|Bangor|Aberystwyth|Carmarthen|Llanelli|Merthyr Tydfil|
Glasgow|Edinburgh|Aberdeen|Dundee|Inverness|Perth|Stirling|Fort William|Thurso|Wick|
Nairn|Dingwall|Aviemore|Oban|Portree|Stornoway|Belfast|Derry|Lisburn|Newry"""
TOWN_RE = re.compile(r"\b(?:" + "|".join(re.escape(t.strip()) for t in _TOWNS.split("|")) + r")\b")

_W = r"[A-Za-zÀ-ÖØ-öø-ÿ'’-]"  # letters that appear in names
_CAP = rf"[A-ZÀ-Ö]{_W}*"
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
URL = re.compile(
    r"(?i)\b(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[a-z0-9-]+\.(?:com|co\.uk|org\.uk|org|net|uk|io|me|tv)(?:/[^\s<>\"']*)?"
)
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?")
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d[\d\s()\-]{7,14}\d(?!\d)")
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
POSTCODE_SAID = re.compile(r"(?i)\bpost\s?code\s*(?:is|:)?\s*([a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2})\b")
DATE = re.compile(
    rf"(?i)\b\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})\b"
    rf"|\b{_DAY}\s+(?:of\s+)?{_MONTH}\.?,?\s+(?:19|20)\d{{2}}\b"
    rf"|\b{_MONTH}\.?\s+{_DAY},?\s+(?:19|20)\d{{2}}\b"
)
BORN = re.compile(
    rf"(?i)\b(?:born|birthday(?:'s| is)?|dob|d\.o\.b\.?|date of birth)\s*(?:is|was|:)?\s*"
    rf"(?:on\s+|in\s+)?((?:{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+{_DAY}|{_MONTH}|(?:19|20)\d{{2}})"
    rf"(?:,?\s+(?:19|20)\d{{2}})?)\b"
)
STREET = re.compile(rf"\b(?:\d{{1,4}}[a-zA-Z]?,?\s+)?((?:{_CAP}\s+){{1,3}})({STREET_WORDS})\b")
SCHOOL = re.compile(rf"\b((?:{_CAP}\s+){{1,5}})({SCHOOL_WORDS})\b")
AREA = re.compile(
    rf"\b(?:in|on|at|near|from|round|around)\s+(?:the\s+)?((?:{_CAP}\s+){{1,3}})"
    r"(?:town|estate|village|area|flats|Estate|Town|Village|Flats)\b"
)
TOKEN = re.compile(rf"(?<![\w'’-]){_W}+(?![\w'’-])")
SAID_NAME = re.compile(
    rf"(?i:\bmy name(?:'s|\s+is)\s+|\bi\s*(?:'|’)?m\s+called\s+|\bcall(?:s|ed)?\s+me\s+)({_W}+)"
    rf"(\s+{_CAP})?"
)
CALLED = re.compile(
    rf"\b(?:called|named|Mr|Mrs|Ms|Miss|Mx|Dr|(?i:i\s*['’]?m|i am))\.?\s+({_CAP})(\s+{_CAP})?"
)
RELATION = re.compile(
    r"(?i)\b(?:my|our|his|her|their)\s+(?:best\s+)?(?:friend|brother|sister|mum|mam|mom|dad|"
    r"nan|nana|gran|grandad|grandma|cousin|auntie|aunty|aunt|uncle|teacher|carer|worker|"
    r"social worker|key worker|foster carer|boyfriend|girlfriend|partner|son|daughter|"
    r"stepdad|stepmum|step dad|step mum|baby|neighbour)\s+$"
)
AGE_AFTER = re.compile(r"\s*(?:,\s*|\(\s*|\s+(?:aged?|who\s+is|who's|is)\s+)(\d{1,2})\b(?!\s*%)")
AGE_SAID = re.compile(
    r"(?i)\b(?:i\s*['’]?m|i am|aged?|he's|she's|he is|she is)\s+(\d{1,2})\b(?!\s*%)"
    r"|\b(\d{1,2})\s*(?:years?\s*old|yrs?\s*old|yrs\b|yo\b|y/o\b)"
)


def _sentence_start(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t\"'“‘(*-–":
        j -= 1
    return j < 0 or text[j] in ".!?\n:;…"


class _Spans:
    """Found spans; the first one found wins where two overlap."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[Replacement] = []

    def add(self, kind: str, start: int, end: int) -> bool:
        while end > start and self.text[end - 1] in " .,;:!?)'\"":
            end -= 1
        if end <= start or any(s.start < end and start < s.end for s in self.spans):
            return False
        self.spans.append(Replacement(kind, self.text[start:end], start, end))
        return True

    def add_name(self, start: int, end: int) -> None:
        if self.add("name", start, end):
            m = AGE_AFTER.match(self.text, end)
            if m:
                self.add("age", m.start(1), m.end(1))


def _prefixed(spans: _Spans, m: re.Match, group: int, kind: str, extra: frozenset[str]) -> None:
    """Add group ``group`` of ``m`` as ``kind`` once sentence-starter words are dropped."""
    words, start = m.group(group), m.start(group)
    parts = words.split()
    cut = 0
    while cut < len(parts) and parts[cut] in STOP | extra:
        cut += 1
    if cut == len(parts):
        return  # nothing but ordinary words before "School", "Road", ...
    first = start + words.index(parts[cut]) if cut else start
    if (
        cut == 0
        and len(parts) == 1
        and _sentence_start(spans.text, start)
        and (parts[0].lower() in AMBIGUOUS)
    ):
        return
    spans.add(kind, first, m.end())


def _is_name(token: str, text: str, start: int) -> bool:
    low = token.lower().replace("’", "'")
    if low not in NAMES:
        return False
    ambiguous = low in AMBIGUOUS
    if not token[0].isupper():
        return not ambiguous and len(low) >= 3  # "will", "grace", "max" are words
    if not ambiguous:
        return True
    before = text[max(0, start - 40) : start]
    after = text[start + len(token) : start + len(token) + 12].lower()
    return bool(RELATION.search(before)) or bool(
        re.match(r"\s+(?:said|says|told|and i\b|is my|was my)", after)
    )


def redact(text: str, *, extra_names: Iterable[str] = ()) -> Redacted:
    """``text`` with identifying details replaced by bracketed labels.

    ``extra_names``: names known to matter for this questionnaire (e.g. staff
    or local project names), matched whole-word in any case.
    """
    spans = _Spans(text)
    for pattern, kind in ((EMAIL, "email"), (URL, "url"), (HANDLE, "handle")):
        for m in pattern.finditer(text):
            spans.add(kind, m.start(), m.end())
    for m in PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        national = "0" + digits[2:] if digits.startswith("44") else digits
        if len(national) in (10, 11) and national.startswith("0"):
            spans.add("phone", m.start(), m.end())
    for m in POSTCODE.finditer(text):
        spans.add("place", m.start(), m.end())
    for m in POSTCODE_SAID.finditer(text):
        spans.add("place", m.start(1), m.end(1))
    for m in DATE.finditer(text):
        spans.add("date", m.start(), m.end())
    for m in BORN.finditer(text):
        spans.add("date", m.start(1), m.end(1))
    for m in SCHOOL.finditer(text):
        _prefixed(spans, m, 1, "school", GENERIC_SCHOOL)
    for m in STREET.finditer(text):
        if m.group(0)[0].isdigit() and not any(p in STOP for p in m.group(1).split()[:1]):
            spans.add("place", m.start(), m.end())
        else:
            _prefixed(spans, m, 1, "place", frozenset())
    for m in AREA.finditer(text):
        _prefixed(spans, m, 1, "place", frozenset())
    for town in TOWN_RE.finditer(text):
        spans.add("place", town.start(), town.end())
    for m in SAID_NAME.finditer(text):
        if m.group(1).lower() not in NOT_NAMES:
            spans.add_name(
                m.start(1), m.end(2) if m.group(2) and m.group(2).strip() not in STOP else m.end(1)
            )
    for m in CALLED.finditer(text):
        word = m.group(1)
        if word not in STOP and word.lower() not in NOT_NAMES:
            surname = m.group(2) and m.group(2).strip() not in STOP
            spans.add_name(m.start(1), m.end(2) if surname else m.end(1))
    for m in TOKEN.finditer(text):
        if _is_name(m.group(), text, m.start()):
            end = m.end()
            nxt = re.match(rf"\s+({_CAP})", text[end:])
            if nxt and nxt.group(1) not in STOP:
                end += nxt.end()  # a surname
            spans.add_name(m.start(), end)
    for name in extra_names:
        if name.strip():
            for m in re.finditer(rf"(?i)(?<!\w){re.escape(name.strip())}(?!\w)", text):
                spans.add_name(m.start(), m.end())
    if any(s.kind == "name" for s in spans.spans):
        for m in AGE_SAID.finditer(text):
            g = 1 if m.group(1) else 2
            spans.add("age", m.start(g), m.end(g))
    found = sorted(spans.spans, key=lambda s: s.start)
    out, pos = [], 0
    for s in found:
        out.append(text[pos : s.start])
        out.append(LABELS[s.kind])
        pos = s.end
    out.append(text[pos:])
    return Redacted("".join(out), tuple(found))


class QuoteChoice(NamedTuple):
    id: str
    text: str  # already redacted


_scorer: Callable[[str], float] | None = None


def _default_score(text: str) -> float:
    global _scorer
    if _scorer is None:
        from analysis.sentiment import FastSentiment

        fast = FastSentiment()
        _scorer = lambda t: fast.score(t).score  # noqa: E731
    return _scorer(text)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’]+", text.lower())


def representative_quotes(
    texts_with_ids: Sequence[tuple[str, str] | tuple[str, str, float]],
    theme_sentiment: float,
    k: int = 3,
    *,
    score: Callable[[str], float] | None = None,
    min_words: int = 8,
    max_words: int = 60,
) -> list[QuoteChoice]:
    """Up to ``k`` quotes that stand for a theme, redacted, for a person to approve.

    Representative means: the feeling of the quote is close to the theme's
    mean sentiment (no cherry-picking the happiest or angriest), it is long
    enough to say something and short enough to read aloud (8-60 words), and it
    is not a repeat of one already picked. Items are ``(id, text)`` scored with
    the analysis sentiment (or ``score``), or ``(id, text, sentiment)``.
    Quotes that are mostly redaction labels are dropped: they say nothing.
    """
    scored = []
    for item in texts_with_ids:
        rid, text = str(item[0]), str(item[1]).strip()
        n = len(_words(text))
        if not (min_words <= n <= max_words):
            continue
        value = item[2] if len(item) > 2 else (score or _default_score)(text)
        scored.append((abs(float(value) - theme_sentiment), abs(n - 25), rid, text))
    scored.sort()
    chosen: list[QuoteChoice] = []
    kept: list[set[str]] = []
    for _dist, _len, rid, text in scored:
        if len(chosen) >= k:
            break
        words = set(_words(text))
        if any(len(words & w) / len(words | w) >= 0.8 for w in kept):
            continue  # the same thing said again (or pasted twice)
        clean = redact(text)
        if len(clean.replaced) * 4 > len(_words(text)):
            continue
        kept.append(words)
        chosen.append(QuoteChoice(rid, clean.text))
    return chosen
