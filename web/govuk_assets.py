"""GOV.UK Frontend for the public contact form, served by the app from its npm install (no CDN).

The files are served straight from node_modules/govuk-frontend/dist/govuk (installed by
`npm ci`, which scripts/setup runs) rather than copied under web/static: there is no second copy
to go stale when the lockfile moves, nothing built to ignore, and only the files named below are
exposed. Two parts of the kit are deliberately not served: the GDS Transport fonts, licensed for
GOV.UK services only (a council's site is not GOV.UK), and the GOV.UK crown, crest and icons,
which only GOV.UK may carry. The precompiled stylesheet is sent without its GDS Transport
@font-face rules, so no browser ever asks for the font (public.css sets the system font stack);
only a Sass build could leave them out otherwise, and that would need a compiler at setup.

Without the install the service still starts: the log says what is missing and how to fix it,
and the contact form works as plain, unstyled HTML (its markup does not need the kit's CSS or JS).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

from flask import Blueprint, Flask, current_app, request, send_from_directory
from werkzeug.wrappers import Response

ROOT = Path(__file__).resolve().parent.parent
KIT_DIST = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
LOCKFILE = ROOT / "package-lock.json"
STYLESHEET = "govuk-frontend.min.css"
MISSING = "GOV.UK Frontend is not installed ({dist}): run scripts/setup, or `npm ci --omit=dev` in {root}"
# The precompiled stylesheet and the ES module build (it exports initAll), with the module's source
# map. Not the stylesheet's map: its columns no longer match once the font faces are taken out.
SERVED = {
    STYLESHEET: "text/css",
    "govuk-frontend.min.js": "text/javascript",
    "govuk-frontend.min.js.map": "application/json",
}
FONT_FACE = re.compile(r"@font-face\{[^}]*\}")

bp = Blueprint("govuk_frontend", __name__, url_prefix="/govuk-frontend")


def _version(package_json: Path) -> str | None:
    try:
        return json.loads(package_json.read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def pinned_version(lockfile: Path = LOCKFILE) -> str | None:
    """The govuk-frontend version package-lock.json pins, or None if it cannot be read."""
    try:
        return json.loads(lockfile.read_text())["packages"]["node_modules/govuk-frontend"]["version"]
    except (OSError, ValueError, KeyError):
        return None


def check_install(dist: Path, lockfile: Path = LOCKFILE) -> str | None:
    """What is wrong with the kit's install (missing, or not the pinned version), or None if fine."""
    if not all((dist / name).is_file() for name in SERVED if not name.endswith(".map")):
        return MISSING.format(dist=dist, root=ROOT)
    installed, pinned = _version(dist.parent.parent / "package.json"), pinned_version(lockfile)
    if pinned and installed != pinned:
        return (f"GOV.UK Frontend {installed} is installed but package-lock.json pins {pinned}: "
                f"run scripts/setup, or `npm ci --omit=dev` in {ROOT}")
    return None


@lru_cache(maxsize=4)
def stylesheet_without_fonts(path: Path, mtime_ns: int) -> tuple[bytes, str]:
    """The kit's stylesheet without its @font-face rules, and its ETag (cached per file version)."""
    css = FONT_FACE.sub("", path.read_text(encoding="utf-8")).encode("utf-8")
    return css, hashlib.sha256(css).hexdigest()[:32]


@bp.route("/<path:filename>")
def asset(filename: str) -> Response | tuple[str, int, dict[str, str]]:
    """One of the kit's served files, with its content type; 404 with the fix if not installed."""
    mimetype = SERVED.get(filename)
    if mimetype is None:
        return "Not found", 404, {"Content-Type": "text/plain; charset=utf-8"}
    dist: Path = current_app.config["GOVUK_FRONTEND_DIST"]
    path = dist / filename
    if not path.is_file():
        return MISSING.format(dist=dist, root=ROOT), 404, {"Content-Type": "text/plain; charset=utf-8"}
    if filename != STYLESHEET:
        return send_from_directory(dist, filename, mimetype=mimetype)
    css, etag = stylesheet_without_fonts(path, path.stat().st_mtime_ns)
    response = Response(css, mimetype=mimetype)
    response.set_etag(etag)
    return response.make_conditional(request)


def init_govuk_assets(app: Flask, dist: Path | None = None) -> None:
    """Serve the kit under /govuk-frontend/; log an error at start-up if it is missing or stale."""
    app.config.setdefault("GOVUK_FRONTEND_DIST", dist or KIT_DIST)
    problem = check_install(app.config["GOVUK_FRONTEND_DIST"])
    if problem:
        app.logger.error("%s. Until then the contact form is served unstyled.", problem)
    app.register_blueprint(bp)
