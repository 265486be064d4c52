"""The two-proportion test behind "Change since <period>", checked against hand-worked figures."""

from __future__ import annotations

import pytest

from analysis.reporting.significance import two_proportions


def test_a_big_change_in_big_groups_is_significant():
    # 40 of 200 then 70 of 200: p1 0.2, p2 0.35, pooled 110/400 = 0.275;
    # se = sqrt(0.275 * 0.725 * (1/200 + 1/200)) = sqrt(0.00199375) = 0.044652; z = 0.15/0.044652.
    c = two_proportions(40, 200, 70, 200)
    assert (c.before, c.after, c.change) == (20.0, 35.0, 15.0)
    assert c.z == pytest.approx(3.359, abs=0.001)
    assert c.p == pytest.approx(0.0008, abs=0.0001) and c.significant  # erfc(3.359 / sqrt 2)


def test_the_same_change_in_small_groups_is_not():
    # 4 of 20 then 7 of 20: pooled 11/40 = 0.275; se = sqrt(0.275 * 0.725 * 0.1) = 0.141200;
    # z = 0.15 / 0.1412 = 1.0623, p = 0.288 (two-sided): a 15-point rise that chance explains.
    c = two_proportions(4, 20, 7, 20)
    assert c.change == 15.0
    assert c.z == pytest.approx(1.062, abs=0.001)
    assert c.p == pytest.approx(0.288, abs=0.001)
    assert not c.significant


def test_just_either_side_of_the_line():
    # 50/100 then 64/100: pooled 0.57, se = sqrt(0.57 * 0.43 * 0.02) = 0.070014, z = 1.9996.
    assert two_proportions(50, 100, 64, 100).significant
    # 50/100 then 63/100: pooled 0.565, se = sqrt(0.565 * 0.435 * 0.02) = 0.070107, z = 1.8543.
    fell_short = two_proportions(50, 100, 63, 100)
    assert fell_short.z == pytest.approx(1.854, abs=0.001) and not fell_short.significant


def test_a_fall_has_a_negative_z_and_no_spread_means_no_test():
    fall = two_proportions(70, 200, 40, 200)
    assert fall.change == -15.0 and fall.z == pytest.approx(-3.359, abs=0.001) and fall.significant
    everyone = two_proportions(30, 30, 50, 50)
    assert (everyone.z, everyone.p, everyone.significant) == (0.0, 1.0, False)


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError):
        two_proportions(5, 0, 1, 10)
    with pytest.raises(ValueError):
        two_proportions(11, 10, 1, 10)
