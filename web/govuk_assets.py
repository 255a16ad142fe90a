"""GOV.UK Frontend for the public contact form, served by the app from its npm install (no CDN).

The files are served straight from node_modules/govuk-frontend/dist/govuk (installed by
`npm ci`, which scripts/setup runs) rather than copied under web/static: there is no second copy
to go stale when the lockfile moves, nothing built to ignore, and only the files named below are
exposed. Two parts of the kit are deliberately not served: the GDS Transport fonts, licensed for
GOV.UK services only (a council's site is not GOV.UK; public.css sets a system font stack), and
the GOV.UK crown, crest and icons, which only GOV.UK may carry.

Without the install the service still starts: the log says what is missing and how to fix it,
and the contact form works as plain, unstyled HTML (its markup does not need the kit's CSS or JS).
"""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, Flask, current_app, send_from_directory
from werkzeug.wrappers import Response

ROOT = Path(__file__).resolve().parent.parent
KIT_DIST = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
LOCKFILE = ROOT / "package-lock.json"
MISSING = "GOV.UK Frontend is not installed ({dist}): run scripts/setup, or `npm ci --omit=dev` in {root}"
# The precompiled stylesheet and the ES module build (it exports initAll), with their source maps.
SERVED = {
    "govuk-frontend.min.css": "text/css",
    "govuk-frontend.min.css.map": "application/json",
    "govuk-frontend.min.js": "text/javascript",
    "govuk-frontend.min.js.map": "application/json",
}

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


@bp.route("/<path:filename>")
def asset(filename: str) -> Response | tuple[str, int, dict[str, str]]:
    """One of the kit's served files, with its content type; 404 with the fix if not installed."""
    mimetype = SERVED.get(filename)
    if mimetype is None:
        return "Not found", 404, {"Content-Type": "text/plain; charset=utf-8"}
    dist: Path = current_app.config["GOVUK_FRONTEND_DIST"]
    if not (dist / filename).is_file():
        return MISSING.format(dist=dist, root=ROOT), 404, {"Content-Type": "text/plain; charset=utf-8"}
    return send_from_directory(dist, filename, mimetype=mimetype)


def init_govuk_assets(app: Flask, dist: Path | None = None) -> None:
    """Serve the kit under /govuk-frontend/; log an error at start-up if it is missing or stale."""
    app.config.setdefault("GOVUK_FRONTEND_DIST", dist or KIT_DIST)
    problem = check_install(app.config["GOVUK_FRONTEND_DIST"])
    if problem:
        app.logger.error("%s. Until then the contact form is served unstyled.", problem)
    app.register_blueprint(bp)
