// The public contact form: start GOV.UK Frontend's components (error summary focus, skip link,
// character count, button) from its ES module build, which the app serves from the npm install.
// A module script file, not the kit's inline snippet: the Content-Security-Policy allows 'self' only.
// The import is relative to this file (/static/js/) so it also works under a path prefix.
import { initAll } from "../../govuk-frontend/govuk-frontend.min.js";

// What the kit's page template does inline: only browsers that run ES modules get here, so
// they are the ones the kit supports.
document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
