"""Check-digit validation of the codes people type (messages in Chinese, naming the problem).

Each message is a lazy msgid with its figures as the error's params, so it reads in the language
of the page that shows it and in Chinese where a record keeps it (ADR 0100)."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc

from layoffwatch.core.clock import local_day

# GB 32100-2015 character set (no I, O, S, V, Z).
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_RE = re.compile(rf"^[{USCC_CHARS}]{{2}}\d{{6}}[{USCC_CHARS}]{{10}}$")


def normalize_uscc(value: str) -> str:
    return (value or "").strip().upper().replace(" ", "")


def validate_uscc(value: str) -> str:
    """Unified social credit code: 18 characters, region digits, and the GB 32100 check digit.

    Every registration authority is accepted (91… enterprises, 92… individual businesses,
    12… public institutions, 51… social organisations, N2… farmers' cooperatives, Y1… others):
    python-stdnum's validate() rejects letter-first codes, so only its check-digit algorithm is used.
    """
    code = normalize_uscc(value)
    if len(code) != 18:
        raise ValidationError(
            _("统一社会信用代码应为 18 位，实际 %(n)s 位"), code="length", params={"n": len(code)}
        )
    if not USCC_RE.match(code):
        raise ValidationError(
            _("统一社会信用代码含有非法字符（不使用 I、O、S、V、Z，第 3–8 位为行政区划数字）"),
            code="chars",
        )
    expected = uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _("统一社会信用代码校验位错误（最后一位应为 %(expected)s）"),
            code="check_digit",
            params={"expected": expected},
        )
    return code


def uscc_with_check_digit(first17: str) -> str:
    """Complete a 17-character stem with its check digit (demo data and tests)."""
    return first17 + uscc.calc_check_digit(first17)


def validate_id_number(value: str) -> str:
    """Resident ID number: 17 digits + ISO 7064 MOD 11-2 check character, and a real birth date.

    Birthplace codes are not looked up: Tongnan's old codes 500223 and 510227 are valid on
    people's cards although they are gone from today's division tables.
    """
    number = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(
            _("身份证号码应为 18 位（前 17 位为数字，最后一位为数字或 X）"), code="format"
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(_("身份证号码中的出生日期不存在"), code="birth_date")
    if birth.year < 1900 or birth > local_day():
        raise ValidationError(_("身份证号码中的出生日期不合理"), code="birth_date")
    # stdnum's calc_check_digit takes the whole number and ignores its last character.
    expected = ric.calc_check_digit(number)
    if number[17] != expected:
        raise ValidationError(
            _("身份证号码校验位错误（最后一位应为 %(expected)s）"),
            code="check_digit",
            params={"expected": expected},
        )
    return number


def id_number_with_check_digit(first17: str) -> str:
    """Complete a 17-digit stem with its ISO 7064 MOD 11-2 check character (demo data and tests)."""
    return first17 + ric.calc_check_digit(first17 + "0")


def id_number_facts(number: str, *, on: dt.date) -> dict:
    """Birth date, age on a date and sex, read from a valid ID number (before it is hashed)."""
    birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    return {"birth_date": birth, "age": age, "sex": "male" if int(number[16]) % 2 else "female"}


PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


def validate_phone(value: str) -> str:
    phone = (value or "").strip().replace(" ", "")
    if not PHONE_RE.match(phone):
        raise ValidationError(_("电话号码格式不正确（手机 11 位，或区号-座机号）"), code="phone")
    return phone
