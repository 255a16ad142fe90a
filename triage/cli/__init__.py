"""The `triage` command: one click group, one module per group of commands.

Commands load lazily (click's documented LazyGroup pattern), so `triage calendar due` does not
import torch and spaCy just because `triage classify` needs them.
"""

from __future__ import annotations

import importlib
import logging
import os

import click

from triage.config import ConfigError

COMMANDS = {
    "db": "triage.cli.db_commands:db_group",
    "import-cases": "triage.cli.cases_commands:import_cases_cmd",
    "import-register": "triage.cli.register_commands:import_register_cmd",
    "ingest": "triage.cli.mail_commands:ingest_cmd",
    "reprocess": "triage.cli.mail_commands:reprocess_cmd",
    "export": "triage.cli.export_commands:export_group",
    "classify": "triage.cli.model_commands:classify_cmd",
    "serve": "triage.cli.server_commands:serve_cmd",
    "worker": "triage.cli.server_commands:worker_cmd",
    "demo": "triage.cli.demo_commands:demo_cmd",
    "create-user": "triage.cli.user_commands:create_user_cmd",
    "create-api-token": "triage.cli.user_commands:create_api_token_cmd",
    "calendar": "triage.cli.calendar_commands:calendar_group",
    "clocks": "triage.cli.clocks_commands:clocks_group",
    "poll-imap": "triage.cli.mailbox_commands:poll_imap_cmd",
    "smtpd": "triage.cli.mailbox_commands:smtpd_cmd",
    "evaluate-links": "triage.cli.evaluation_commands:evaluate_links_cmd",
    "insight": "triage.cli.insight_commands:insight_group",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used (or listed in --help)."""

    def __init__(self, *args: object, lazy_commands: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy_commands:
            module_name, attr = self.lazy_commands[cmd_name].split(":")
            return getattr(importlib.import_module(module_name), attr)
        return super().get_command(ctx, cmd_name)


@click.group(cls=LazyGroup, lazy_commands=COMMANDS)
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """triage: contact-centre and complaints triage for SEND assessment teams."""
    # Models come from installed packages and the repo; never from a hub at run time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")


def run() -> None:
    """Console entry point: bad configuration is a clear message, not a stack trace."""
    try:
        main(standalone_mode=True)
    except ConfigError as exc:
        raise SystemExit(f"triage: configuration error: {exc}") from None
