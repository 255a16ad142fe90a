"""Shared CLI plumbing: the runtime, with configuration errors turned into clear messages."""

from __future__ import annotations

import click

from triage.config import ConfigError
from triage.runtime import Runtime, current_runtime


def cli_runtime() -> Runtime:
    """The process runtime, or a click error naming the bad setting."""
    try:
        return current_runtime()
    except ConfigError as exc:
        raise click.ClickException(f"configuration error: {exc}") from None
