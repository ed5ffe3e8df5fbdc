// Find support without signal: searches the copy of the force's directory kept on this device
// (core/web/offline.py serves it; the service worker keeps it). Needs' short forms ("DV", "ASB")
// match as they do online.
const root = document.querySelector("[data-offline-directory]");

function words(text) {
  return (text || "").toLowerCase().normalize("NFKD").replace(/[^\p{L}\p{N}\s]/gu, " ").split(/\s+/).filter(Boolean);
}

function matches(service, query, needCodes) {
  if (!query.length) return false;
  const haystack = words([service.name, service.organisation, service.description, ...service.needs,
                          ...service.districts].join(" "));
  const byNeed = service.need_codes.some((code) => needCodes.has(code));
  return byNeed || query.every((word) => haystack.some((h) => h.startsWith(word)));
}

function needsFor(text, needs) {
  const asked = (text || "").toLowerCase().trim();
  const found = new Set();
  for (const need of needs) {
    if (need.label.toLowerCase() === asked || need.synonyms.some((s) => s === asked)) found.add(need.code);
  }
  return found;
}

function show(data, text) {
  const list = root.querySelector("[data-results]");
  const heading = root.querySelector("[data-results-title]");
  list.replaceChildren();
  const query = words(text);
  const found = data.services.filter((s) => matches(s, query, needsFor(text, data.needs)));
  heading.textContent = text.trim() ? `${found.length} ${found.length === 1 ? "service" : "services"} found` : "";
  for (const service of found.slice(0, 30)) {
    const item = document.createElement("li");
    item.className = "result";
    const title = document.createElement("h3");
    title.className = "govuk-heading-s govuk-!-margin-bottom-1";
    title.textContent = service.name;
    const meta = document.createElement("p");
    meta.className = "govuk-body-s mad-meta";
    meta.textContent = `${service.needs.join(" · ")} — ${service.districts.length ? service.districts.join(", ") : "whole force area"}`;
    const about = document.createElement("p");
    about.className = "govuk-body govuk-!-margin-bottom-1";
    about.textContent = service.description;
    item.append(title, meta, about);
    for (const [label, value, href] of [["Phone", service.phone, service.phone && `tel:${service.phone.replace(/\s/g, "")}`],
                                        ["Opening hours", service.opening_hours], ["Website", service.web, service.web]]) {
      if (!value) continue;
      const line = document.createElement("p");
      line.className = "govuk-body-s govuk-!-margin-bottom-0";
      line.append(`${label} `);
      if (href) {
        const link = document.createElement("a");
        link.className = "govuk-link";
        link.href = href;
        link.textContent = value;
        line.append(link);
      } else {
        line.append(value);
      }
      item.append(line);
    }
    list.append(item);
  }
}

async function start() {
  const status = root.querySelector("[data-directory-status]");
  let data;
  try {
    const response = await fetch(root.dataset.source, { credentials: "same-origin" });
    data = await response.json();
  } catch (error) {
    status.textContent = "The directory has not been kept on this device yet: open Find support once with a signal.";
    return;
  }
  status.textContent = `${data.services.length} services kept on this device.`;
  const form = root.querySelector("form");
  const box = root.querySelector("#offline-q");
  const asked = new URLSearchParams(window.location.search).get("q") || "";
  box.value = asked;
  form.addEventListener("submit", (event) => { event.preventDefault(); show(data, box.value); });
  if (asked) show(data, asked);
}

if (root) start();
