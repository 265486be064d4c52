"""The kinds of disclosure the screen looks for, most serious first.

The order is the order a safeguarding lead reads a case in: a risk to life comes before
everything else, an unspecified fear of home last (it still needs a conversation). Results list
categories in this order, so the first one is what the lead should act on first.
"""

from __future__ import annotations

from types import MappingProxyType

CATEGORIES: MappingProxyType[str, str] = MappingProxyType(
    {
        "suicidal_thoughts": "Suicidal thoughts",
        "self_harm": "Self-harm",
        "physical_abuse": "Physical abuse",
        "sexual_abuse": "Sexual abuse",
        "emotional_abuse": "Emotional abuse",
        "neglect": "Neglect",
        "domestic_abuse": "Domestic abuse",
        "criminal_exploitation": "Criminal exploitation (including county lines)",
        "sexual_exploitation": "Sexual exploitation",
        "online_grooming": "Online grooming",
        "forced_marriage": "Forced marriage",
        "fgm": "Female genital mutilation (FGM)",
        "radicalisation": "Radicalisation",
        "running_away": "Running away or nowhere safe to sleep",
        "severe_bullying": "Severe bullying",
        "scared_to_go_home": "Scared to go home (reason not given)",
    }
)

SERIOUSNESS: MappingProxyType[str, int] = MappingProxyType(
    {category: rank for rank, category in enumerate(CATEGORIES)}
)

AUDIENCES = frozenset({"child", "young_person", "parent_carer", "partner"})
# Adults write about services and statistics; for them only a disclosure about themselves or
# about a specific child flags (see ``context`` in the rules files).
ADULT_AUDIENCES = frozenset({"parent_carer", "partner"})
