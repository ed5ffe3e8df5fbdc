// Starts GOV.UK Frontend's and MOJ Frontend's components (the pages work without this).
import { initAll as initGovuk } from "./govuk-frontend.min.js";
import { initAll as initMoj } from "./moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovuk();
initMoj();

// The error summary takes focus when the page loads (GOV.UK Frontend focuses it too; this keeps
// the behaviour when a page's summary is added without the component's data-module).
const summary = document.querySelector(".govuk-error-summary");
if (summary && document.activeElement !== summary) {
  summary.setAttribute("tabindex", "-1");
  summary.focus();
}
