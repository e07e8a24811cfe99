"""Reform files: their structure is checked, and a mistake is named by its key."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from asmtp.population.simulation.reform import ReformError, load_reform_file, parse_reform


def test_a_parameter_given_as_a_bare_value_applies_from_the_file_s_effective_date() -> None:
    reform = parse_reform(
        {"effective_from": "2022-12-28", "parameters": {"market_test.salary_exemption_annual_hkd": 2_500_000}},
        label="r.yaml",
    )

    change = reform.parameters["market_test.salary_exemption_annual_hkd"]
    assert (change.value, change.effective_from) == (2_500_000, dt.date(2022, 12, 28))
    assert reform.label == "r.yaml"


def test_a_parameter_may_carry_its_own_date_and_the_name_labels_the_reform() -> None:
    reform = parse_reform(
        {"name": "Shorter experience", "parameters": {"education.special_experience_years": {"value": 3, "effective_from": dt.date(2020, 1, 1)}}},
        label="r.yaml",
    )

    assert reform.label == "Shorter experience"
    assert reform.parameters["education.special_experience_years"].effective_from == dt.date(2020, 1, 1)


def test_talent_list_additions_take_a_profession_and_a_date() -> None:
    reform = parse_reform({"talent_list": {"add": [{"profession": "accountants", "from": "2022-12-28"}]}}, label="r.yaml")

    assert reform.talent_list_add[0].profession == "accountants"
    assert reform.talent_list_add[0].effective_from == dt.date(2022, 12, 28)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"paramters": {}}, "r.yaml: unknown key 'paramters'; expected one of name, edition"),
        ({"parameters": {"x": {"valu": 1}}}, r"r.yaml: parameters.x: expected a value or \{value, effective_from\}"),
        ({"parameters": {"x": {"value": 1, "effective_from": "28/12/2022"}}}, "parameters.x.effective_from: expected a date YYYY-MM-DD"),
        ({"talent_list": {"ad": []}}, "unknown key 'talent_list.ad'; expected add or remove"),
        ({"talent_list": {"add": [{"profession": "accountants"}]}}, r"talent_list.add\[0\]: 'from' is required"),
        ({"talent_list": {"add": [{"profession": "a", "from": "2020-01-01", "colour": "red"}]}}, r"talent_list.add\[0\]: unknown key\(s\) \['colour'\]"),
        ({"name": "nothing"}, "r.yaml: the reform changes nothing"),
        (["a", "list"], "r.yaml: a reform file is a YAML mapping"),
    ],
)
def test_a_malformed_reform_file_is_refused_naming_the_key(raw: object, message: str) -> None:
    with pytest.raises(ReformError, match=message):
        parse_reform(raw, label="r.yaml")


def test_a_missing_or_unparsable_reform_file_is_one_clear_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("parameters:\n  a: [1, 2\n", encoding="utf-8")

    with pytest.raises(ReformError, match=r"reform file not found: .*missing\.yaml"):
        load_reform_file(tmp_path / "missing.yaml")
    with pytest.raises(ReformError, match=r"broken.yaml: not valid YAML \(line 3\)"):
        load_reform_file(broken)


def test_the_example_reform_shipped_with_the_package_applies_to_the_default_edition() -> None:
    from importlib import resources

    from asmtp.policy import load_policy
    from asmtp.population.simulation.reform import apply_reform

    example = resources.files("asmtp.population").joinpath("examples/raise-salary-exemption.yaml")
    reform = load_reform_file(Path(str(example)))
    policy = apply_reform(load_policy(), reform)

    assert policy.at(dt.date(2024, 1, 1))["market_test.salary_exemption_annual_hkd"] == 2_500_000
    assert "accountants" in policy.at(dt.date(2024, 1, 1)).talent_list.professions
