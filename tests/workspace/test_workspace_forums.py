"""How much a parent carer forum's answer weighs: verified size, capped claim, one forum once.

Reproduces issue 14: one forum claiming 5,000 families outweighed everyone else together,
because the number it typed was used unchecked.
"""

from __future__ import annotations

from types import SimpleNamespace

from analysis.reporting import stats
from questionnaires import load_directory
from survey.workspace import forums
from survey.workspace.forums import ForumAnswer, book, normalise, weigh

CAP = 50


def _listed(*rows: tuple[int, str, int, list[str]]) -> dict[str, forums.Listed]:
    return book(
        SimpleNamespace(id=i, name=name, families=families, other_names=others)
        for i, name, families, others in rows
    )


def test_names_match_whatever_the_case_punctuation_and_spacing():
    assert normalise("  The Northshire  P.C.F. ") == normalise("northshire pcf")
    assert normalise("The") == "the"  # a name that is only "The" is still a name
    assert normalise("Eastbrook Parent-Carers' Forum") == "eastbrook parentcarers forum"
    assert normalise(None) == normalise(12) == normalise("  ...  ") == ""


def test_a_listed_forum_weighs_its_verified_size_not_what_it_typed():
    listed = _listed((1, "Northshire Parent Carer Forum", 320, ["NPCF"]))
    answers = [
        ForumAnswer("northshire parent carer forum", 5000),  # claims far more
        None,  # a parent carer for themselves
    ]
    assert weigh(answers, listed, CAP).weights == [320.0, 1.0]
    assert weigh([ForumAnswer("N.P.C.F.", None)], listed, CAP).weights == [320.0]


def test_an_unlisted_forum_weighs_what_it_gave_but_never_more_than_the_cap():
    answers = [
        ForumAnswer("Riverside Families", 5000),
        ForumAnswer("Hillcrest Voice", 12),
        ForumAnswer(None, 400),  # no name given
        ForumAnswer("Named but no number", None),
    ]
    weighing = weigh(answers, {}, CAP)
    assert weighing.weights == [50.0, 12.0, 50.0, 1.0]
    assert (weighing.verified, weighing.unverified, weighing.capped) == (0, 4, 2)


def test_a_forum_that_answers_twice_shares_one_weight():
    listed = _listed((7, "Eastbrook Forum", 90, []))
    answers = [
        ForumAnswer("Eastbrook Forum", 90),
        ForumAnswer("EASTBROOK FORUM", 300),
        ForumAnswer("Westmere Forum", 30),
        ForumAnswer("westmere forum", 40),
    ]
    assert weigh(answers, listed, CAP).weights == [45.0, 45.0, 20.0, 20.0]


def test_a_huge_claim_no_longer_outweighs_everyone():
    """One forum claiming 5,000 families put its own order first, whatever everyone said."""
    q = load_directory()["parent-carers"]
    ranking = q.question("priorities")
    everyone = [{"priorities": {"order": ["short_breaks", "bereavement"]}}] * 120
    forum = [{"priorities": {"order": ["bereavement", "short_breaks"]}}]
    answers = everyone + forum
    on_behalf = [None] * 120 + [ForumAnswer("Claims A Lot Forum", 5000)]

    unchecked = stats.ranking_order(ranking, answers, weights=[1.0] * 120 + [5000.0])
    assert unchecked.items[0].value == "bereavement"  # the bug: one forum decides

    weights = weigh(on_behalf, {}, CAP).weights
    capped = stats.ranking_order(ranking, answers, weights=weights)
    assert capped.items[0].value == "short_breaks"

    # Verified at that size, the forum does speak for most families: it comes first again.
    listed = _listed((3, "Claims a lot forum", 5000, []))
    verified = stats.ranking_order(ranking, answers, weights=weigh(on_behalf, listed, CAP).weights)
    assert verified.items[0].value == "bereavement"


def test_sizes_that_are_not_numbers_count_as_not_given():
    assert [forums.claimed_size(v) for v in (40, "40", 0, -3, "lots", None, True, 2.9)] == [
        40,
        40,
        None,
        None,
        None,
        None,
        None,
        2,
    ]
