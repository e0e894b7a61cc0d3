"""Argon2 with its cost read from settings (ARGON2_TIME_COST, ARGON2_MEMORY_KIB,
ARGON2_PARALLELISM).

Production keeps Django's defaults (time 2, memory 100 MiB, 8 lanes). A test run may lower them
through the environment: every persona's password is hashed in every test, and at 100 MiB a hash
that takes 0.1 s on an idle machine takes 0.5 s on a busy CI runner; even at 8 MiB the eight
lanes' threads cost 14 ms a hash (`make test`: 64 KiB, one lane, 0.1 ms). The hash still starts
with "argon2", and a stored hash of any cost verifies.
"""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2PasswordHasher


class Argon2PasswordHasher(DjangoArgon2PasswordHasher):
    @property
    def time_cost(self) -> int:
        return settings.ARGON2_TIME_COST

    @property
    def memory_cost(self) -> int:
        return settings.ARGON2_MEMORY_KIB

    @property
    def parallelism(self) -> int:
        return settings.ARGON2_PARALLELISM
