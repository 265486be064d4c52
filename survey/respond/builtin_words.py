"""The interface's own words for the options no author writes: yes/no/not sure and the faces.

The loader keeps these options' English words (questionnaires/types.py); each
is translated here, once, by the interface catalogs, so every questionnaire
shows them in the respondent's language, whether or not it has translations
of its own. Written out as literal messages so ``make extract`` finds them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from questionnaires.types import FACES_3, FACES_5, OTHER, YES_NO

WORDS = {
    # Translators: an answer to a yes/no question asked of a child or young person.
    "Yes": _l("Yes"),
    # Translators: an answer to a yes/no question asked of a child or young person.
    "No": _l("No"),
    # Translators: an answer to a yes/no question asked of a child or young person.
    "Not sure": _l("Not sure"),
    # Translators: the words under a face on a scale of feelings; a child says how they feel.
    "Very sad": _l("Very sad"),
    # Translators: the words under a face on a scale of feelings; a child says how they feel.
    "Sad": _l("Sad"),
    # Translators: the words under the middle face on a scale of feelings: neither sad nor happy.
    "OK": _l("OK"),
    # Translators: the words under a face on a scale of feelings; a child says how they feel.
    "Happy": _l("Happy"),
    # Translators: the words under a face on a scale of feelings; a child says how they feel.
    "Very happy": _l("Very happy"),
    # Translators: the option a multiple-choice question adds for an answer not listed.
    "Other": _l("Other"),
}

_BUILTIN = {label for _value, label, _face in (*FACES_3, *FACES_5, *YES_NO, OTHER)}
if set(WORDS) != _BUILTIN:  # fail at import, never on a child's page in English by mistake
    raise RuntimeError(f"built-in option words without a translation: {_BUILTIN ^ set(WORDS)}")


def builtin_word(english: str) -> str:
    """The built-in option word ``english`` in the respondent's language."""
    return str(WORDS[english])
