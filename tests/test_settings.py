"""Settings fail loudly, naming the variable, on bad values; production settings pass check --deploy.

Each case starts a fresh Python, as an operator's shell would.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.processes

LONG_KEY = "k" * 20 + "-production-secret-key-0123456789"
SETUP = "import django; django.setup()"


def run(
    tmp_path: Path, code: str = SETUP, args: list[str] | None = None, **env
) -> subprocess.CompletedProcess:
    ours = {
        "DATABASE_URL",
        "DEBUG",
        "SECRET_KEY",
        "REDIS_URL",
        "ALLOWED_HOSTS",
        "LOGIN_MAX_FAILURES",
        "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests in this process
        "ARGON2_TIME_COST",
        "ARGON2_MEMORY_KIB",
        "ARGON2_PARALLELISM",
    }
    environment = {
        k: v for k, v in os.environ.items() if k not in ours and not k.startswith("SECURE_")
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "layoffwatch.settings",
            "LAYOFFWATCH_DATA_DIR": str(tmp_path / "var"),
        }
    )
    environment.update(env)
    command = args or [sys.executable, "-c", code]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=120)


def test_it_starts_with_nothing_configured(tmp_path):
    result = run(
        tmp_path,
        SETUP + "; from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "var" / "layoffwatch.sqlite3")
    assert (tmp_path / "var" / "secret_key").exists()


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://root@localhost/lw"),
        ("DATABASE_URL", "postgres://user@host:notaport/lw"),
        ("DEBUG", "maybe"),
        ("SECRET_KEY", "too-short"),
        ("REDIS_URL", "http://x"),
        ("ALLOWED_HOSTS", " , "),
        ("LOGIN_MAX_FAILURES", "five"),
        ("LOGIN_MAX_FAILURES", "0"),
        ("SECURE_HSTS_SECONDS", "-1"),
        ("SECURE_COOKIES", "ja"),
        ("ARGON2_MEMORY_KIB", "1"),
        ("ARGON2_PARALLELISM", "0"),
        ("LAYOFFWATCH_AUDIT_KEYS", "1:too-short"),
        ("LAYOFFWATCH_AUDIT_KEYS", "a-key-without-its-id-0123456789abcdef"),
    ],
)
def test_it_refuses_a_bad_value_naming_the_variable(tmp_path, variable, value):
    result = run(tmp_path, **{variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_it_refuses_a_data_dir_that_is_a_file(tmp_path):
    a_file = tmp_path / "not-a-dir"
    a_file.write_text("x")
    result = run(tmp_path, LAYOFFWATCH_DATA_DIR=str(a_file))
    assert result.returncode != 0
    assert "LAYOFFWATCH_DATA_DIR" in result.stderr.strip().splitlines()[-1]


def test_it_refuses_a_data_dir_it_cannot_create(tmp_path):
    a_file = tmp_path / "not-a-dir"
    a_file.write_text("x")
    result = run(tmp_path, LAYOFFWATCH_DATA_DIR=str(a_file / "var"))
    assert result.returncode != 0
    assert "LAYOFFWATCH_DATA_DIR" in result.stderr.strip().splitlines()[-1]


def test_it_reads_postgres_and_redis_urls(tmp_path):
    code = SETUP + (
        "; from django.conf import settings; db = settings.DATABASES['default'];"
        "print(db['ENGINE'], db['NAME'], db['HOST'], settings.HUEY['huey_class'])"
    )
    result = run(
        tmp_path,
        code,
        DATABASE_URL="postgres://lw@db.internal:5432/layoffwatch",
        REDIS_URL="redis://cache:6379/0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "layoffwatch",
        "db.internal",
        "huey.RedisHuey",
    ]


def test_it_passes_check_deploy_with_production_settings(tmp_path):
    layoffwatch = Path(sys.executable).with_name("layoffwatch")
    result = run(
        tmp_path,
        args=[str(layoffwatch), "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="false",
        SECRET_KEY=LONG_KEY,
        ALLOWED_HOSTS="lw.tongnan.example",
        SECURE_COOKIES="true",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
        SECURE_HSTS_PRELOAD="true",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_lists_only_the_tls_warnings_when_tls_is_left_to_a_proxy(tmp_path):
    layoffwatch = Path(sys.executable).with_name("layoffwatch")
    result = run(
        tmp_path,
        args=[str(layoffwatch), "check", "--deploy"],
        DEBUG="false",
        SECRET_KEY=LONG_KEY,
        ALLOWED_HOSTS="lw.tongnan.example",
        SECURE_COOKIES="true",
    )
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert "ERROR" not in output
    assert set(re.findall(r"security\.W\d+", output)) <= {"security.W004", "security.W008"}


def test_it_hashes_passwords_with_full_cost_argon2_by_default(tmp_path):
    code = (
        SETUP
        + "; from django.contrib.auth.hashers import make_password; print(make_password('x' * 12))"
    )
    result = run(tmp_path, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("argon2$argon2id$v=19$m=102400,t=2,p=8$")


@pytest.mark.parametrize("redis", [False, True], ids=["files", "redis"])
def test_the_public_forms_rate_limit_counts_one_client_across_app_processes(tmp_path, redis):
    """ADR 0040: the QR form allows a dated number of posts per client and link (policy
    reporting.yaml public_form, ADR 0092); gunicorn runs
    several processes, so the count must be shared (a per-process cache gave each its own)."""
    import uuid

    key = f"lw:qr-rate:test:{uuid.uuid4().hex}"
    count = SETUP + (
        "; from django.core.cache import cache"
        f"; cache.add('{key}', 0, 60); print(cache.incr('{key}'))"
    )
    env = {"REDIS_URL": "redis://127.0.0.1:6379/9"} if redis else {}
    counts = [run(tmp_path, count, **env) for _ in range(3)]
    assert [c.stdout.strip() for c in counts] == ["1", "2", "3"], counts[-1].stderr
