"""Filling administrators' templates in Jinja's sandbox: they may use merge fields, nothing else."""

from __future__ import annotations

from collections.abc import Mapping

from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

MAX_TEMPLATE_CHARS = 20_000

# Plain-text email: nothing is HTML-escaped here; pages escape the result when they show it.
# StrictUndefined: a misspelt field is an error the administrator sees, never a silent blank.
class _MergeSandbox(SandboxedEnvironment):
    """The sandbox, also refusing * and ** (the stock sandbox lets 'x' * 10**9 exhaust memory)."""

    intercepted_binops = frozenset(["*", "**"])

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        raise SecurityError(f"the {operator!r} operator is not allowed in reply templates")


_ENV = _MergeSandbox(autoescape=False, undefined=StrictUndefined)


class TemplateProblem(ValueError):
    """A template that cannot be filled; the message says where and why."""


def fill(source: str, fields: Mapping[str, str]) -> str:
    """Render admin-written template text with the merge fields, in the sandbox."""
    if len(source) > MAX_TEMPLATE_CHARS:
        raise TemplateProblem(f"A template must be {MAX_TEMPLATE_CHARS:,} characters or fewer.")
    try:
        return _ENV.from_string(source).render(dict(fields))
    except TemplateError as error:
        line = getattr(error, "lineno", None)
        where = f" (line {line})" if line else ""
        reason = (error.message or str(error)).rstrip(".")
        raise TemplateProblem(f"The template cannot be filled{where}: {reason}.") from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as error:
        # e.g. a range over the sandbox's limit, or adding a number to a name
        raise TemplateProblem(f"The template cannot be filled: {error.__class__.__name__}: {error}.") from None
