"""core.crypto: personal data is unreadable in the database and readable through the model."""

import pytest
from django.test import override_settings

from layoffwatch.core.crypto import decrypt, encrypt


def test_it_round_trips_and_never_repeats_a_ciphertext():
    a, b = encrypt("500223199001011234"), encrypt("500223199001011234")
    assert a != b and "500223" not in a
    assert decrypt(a) == decrypt(b) == "500223199001011234"


def test_it_refuses_to_decrypt_with_another_key():
    token = encrypt("13800000000")
    with override_settings(PII_KEY="another-key-that-is-long-enough-0123456789"):
        with pytest.raises(ValueError, match="PII_KEY"):
            decrypt(token)
