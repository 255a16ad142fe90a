from pathlib import Path

import pytest

from triage.config import ConfigError, load_settings


def test_defaults_are_embedded_sqlite_under_the_instance_folder(tmp_path: Path) -> None:
    settings = load_settings({"TRIAGE_INSTANCE_PATH": str(tmp_path)})
    assert settings.database_url == f"sqlite:///{tmp_path / 'triage.sqlite3'}"
    assert settings.embedded_jobs
    assert len(settings.secret_key) >= 32
    # The generated key is kept, so sessions survive a restart.
    assert load_settings({"TRIAGE_INSTANCE_PATH": str(tmp_path)}).secret_key == settings.secret_key


def test_postgres_urls_get_the_psycopg_driver(tmp_path: Path) -> None:
    settings = load_settings({"TRIAGE_INSTANCE_PATH": str(tmp_path), "TRIAGE_DATABASE_URL": "postgresql://u@h/db"})
    assert settings.database_url == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("TRIAGE_DATABASE_URL", "mysql://x", "TRIAGE_DATABASE_URL"),
        ("TRIAGE_REDIS_URL", "localhost:6379", "TRIAGE_REDIS_URL"),
        ("TRIAGE_SECRET_KEY", "short", "TRIAGE_SECRET_KEY"),
        ("TRIAGE_IMAP_PORT", "imap", "TRIAGE_IMAP_PORT"),
        ("TRIAGE_IMAP_SSL", "maybe", "TRIAGE_IMAP_SSL"),
        ("TRIAGE_SECURE_COOKIES", "sometimes", "TRIAGE_SECURE_COOKIES"),
        ("TRIAGE_ACKNOWLEDGE", "perhaps", "TRIAGE_ACKNOWLEDGE"),
        ("TRIAGE_CASE_REF_PATTERN", "SEN(", "TRIAGE_CASE_REF_PATTERN"),
        ("TRIAGE_CASE_REF_PATTERN", "SEN\\d{6}", "group"),
    ],
)
def test_bad_values_name_the_variable(tmp_path: Path, name: str, value: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        load_settings({"TRIAGE_INSTANCE_PATH": str(tmp_path), name: value})


def test_an_instance_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "file"
    file.write_text("x")
    with pytest.raises(ConfigError, match="TRIAGE_INSTANCE_PATH"):
        load_settings({"TRIAGE_INSTANCE_PATH": str(file)})
