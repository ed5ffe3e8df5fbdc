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

// Installable on officers' phones: the service worker keeps the app's shell and the directory
// (never a victim's details) so Find support works without signal.
const worker = document.documentElement.dataset.serviceWorker;
if (worker && "serviceWorker" in navigator) {
  navigator.serviceWorker.register(worker, { scope: "/" }).catch(() => {});
  // Signed in and online: ask the worker to refresh the directory kept on this device (on Find
  // support every time, elsewhere once a session).
  const signedIn = document.body.hasAttribute("data-signed-in");
  const onFindSupport = document.querySelector("[data-directory-search]") !== null;
  if (signedIn && navigator.onLine && (onFindSupport || !sessionStorage.getItem("mad-directory-kept"))) {
    navigator.serviceWorker.ready.then((registration) => {
      registration.active.postMessage("keep-directory");
      sessionStorage.setItem("mad-directory-kept", "1");
    });
  }
}

// Sending needs a connection: say so plainly instead of a browser error, and keep nothing to send later.
for (const form of document.querySelectorAll("form[data-needs-connection]")) {
  form.addEventListener("submit", (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    let notice = document.querySelector("[data-offline-send]");
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "govuk-error-summary";
      notice.setAttribute("data-offline-send", "");
      notice.setAttribute("tabindex", "-1");
      notice.innerHTML = '<div role="alert"><h2 class="govuk-error-summary__title"></h2><div class="govuk-error-summary__body"><p class="govuk-body"></p></div></div>';
      notice.querySelector("h2").textContent = form.dataset.offlineTitle || "You are offline: the message has not been sent";
      notice.querySelector("p").textContent = form.dataset.offlineHelp || "Sending needs a connection. When you have a signal, press Send again.";
      form.before(notice);
    }
    notice.focus();
  });
}

// Find support says when its results come from the device's copy (no signal).
const offlineNotice = document.querySelector("[data-offline-notice]");
if (offlineNotice) {
  const update = () => { offlineNotice.hidden = navigator.onLine; };
  window.addEventListener("online", update);
  window.addEventListener("offline", update);
  update();
}
