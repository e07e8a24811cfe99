"""Small-cell suppression: no published figure, nor any total, gives back a count below 10."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from asmtp.analytics.disclosure import suppress


def test_a_count_below_the_threshold_is_hidden():
    table = suppress([120, 45, 3, 60])
    assert table.values[2] is None
    assert table.total == 228


def test_a_single_hidden_cell_takes_a_complementary_cell_with_it():
    table = suppress([120, 45, 3, 60])
    # 3 alone could be recovered as 228 - 120 - 45 - 60; hiding 45 too leaves 48 unexplained.
    assert table.values == (120, None, None, 60)


def test_zero_is_published_because_it_identifies_nobody():
    assert suppress([0, 40, 25]).values == (0, 40, 25)


def test_a_table_whose_total_is_small_publishes_nothing_but_zeros():
    table = suppress([4, 0, 3])
    assert table.values == (None, 0, None)
    assert table.total is None


def test_two_hidden_cells_that_add_up_to_less_than_the_threshold_take_a_third():
    # 1 and 2 hidden: 3 unexplained people could still be narrowed down; hide 30 too.
    assert suppress([1, 2, 30, 50]).values == (None, None, None, 50)


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12))
def test_no_small_count_is_ever_published_or_recoverable_from_the_total(counts):
    table = suppress(counts)
    for value in table.values:
        assert value is None or value == 0 or value >= 10
    if table.total is not None and table.suppressed:
        hidden = table.total - sum(v for v in table.values if v is not None)
        assert table.suppressed >= 2
        assert hidden >= 10
