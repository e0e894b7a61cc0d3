"""Check-digit validation of the codes people type (ADR 0020; roster IDs for plan S4.5)."""

import pytest
from django.core.exceptions import ValidationError

from layoffwatch.core.validators import (
    id_number_with_check_digit,
    uscc_with_check_digit,
    validate_id_number,
    validate_uscc,
)


def test_it_accepts_the_standards_own_example_id_number():
    # GB 11643-1999's worked example ends in X.
    assert validate_id_number("11010519491231002x") == "11010519491231002X"


def test_it_rejects_an_id_number_with_a_wrong_check_digit():
    with pytest.raises(ValidationError, match="校验位错误（最后一位应为 X）"):
        validate_id_number("110105194912310022")


@pytest.mark.parametrize("region", ["500223", "510227", "500152"])
def test_it_accepts_old_and_new_tongnan_birthplace_codes(region):
    number = id_number_with_check_digit(f"{region}19850615123")
    assert validate_id_number(number) == number


def test_it_rejects_an_id_number_with_an_impossible_birth_date():
    with pytest.raises(ValidationError, match="出生日期不存在"):
        validate_id_number(id_number_with_check_digit("50022319850231123"))


@pytest.mark.parametrize(
    "stem",
    [
        "91500152MA5U0000",
        "92500152MA5U0000",
        "12500152MB1234567"[:16],
        "51500152MJ0000000"[:16],
        "N2500152MA5U0000",
        "Y1110105MA5U0000",
    ],
)
def test_it_accepts_codes_of_every_registration_authority(stem):
    code = uscc_with_check_digit(stem + "1")
    assert validate_uscc(code.lower()) == code


def test_it_names_the_expected_uscc_check_digit():
    good = uscc_with_check_digit("91500152MA5U00001")
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError, match=f"最后一位应为 {good[-1]}"):
        validate_uscc(wrong)
