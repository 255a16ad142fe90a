"""HTML mail bodies: readable text (inscriptis) and sanitised HTML for display (nh3)."""

from __future__ import annotations

import re

import nh3
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

# "strict" keeps block structure without inventing indentation, which suits quote detection.
_INSCRIPTIS_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_links=False)
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*){2,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")

_LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:")
# Inline images only: a remote image is a tracking beacon and leaks that the mail was read.
_IMAGE_SCHEMES = ("cid:", "data:image/")
_DISPLAY_TAGS = set(nh3.ALLOWED_TAGS) | {"font"}
_DISPLAY_ATTRIBUTES = {tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()}
_DISPLAY_ATTRIBUTES["font"] = {"color", "face", "size"}
_DISPLAY_ATTRIBUTES["td"] = _DISPLAY_ATTRIBUTES.get("td", set()) | {"bgcolor", "valign", "width"}


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML body; "" when there is none."""
    if not html or not html.strip():
        return ""
    try:
        text = get_text(html, _INSCRIPTIS_CONFIG)
    except Exception:  # noqa: BLE001 - lxml raises several types on broken documents
        # Better crude text than none: drop tags and keep what a reader would see.
        text = re.sub(r"(?s)<(script|style)\b.*?</\1\s*>|<[^>]*>", " ", html)
    text = _TRAILING_SPACE.sub("\n", text.replace("\xa0", " "))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def _keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3 filter: drop links and images whose scheme could run code or fetch remote content."""
    lowered = value.strip().lower()
    if tag == "img" and attribute == "src":
        return value if lowered.startswith(_IMAGE_SCHEMES) else None
    if attribute == "href":
        return value if lowered.startswith(_LINK_SCHEMES) or lowered.startswith("#") else None
    return value


def sanitise_html(html: str) -> str | None:
    """HTML safe to show an agent: no scripts, handlers, forms, frames, remote images or CSS."""
    if not html or not html.strip():
        return None
    try:
        cleaned = nh3.clean(
            html,
            tags=_DISPLAY_TAGS,
            attributes=_DISPLAY_ATTRIBUTES,
            attribute_filter=_keep_attribute,
            url_schemes={"http", "https", "mailto", "tel", "cid", "data"},
            link_rel="noopener noreferrer",
        )
    except Exception:  # noqa: BLE001 - a sanitiser failure must never show the raw HTML
        return None
    return cleaned.strip() or None
