// Options: settings, every case of every order, and the buyer's data (export, import,
// delete). All reads and writes go through the background, the log's one writer.
import { contactItems, linkItems } from "../shared/case_view.js";
import { el, plural } from "../shared/dom.js";
import { initI18n, localise, t } from "../shared/i18n.js";
import { request } from "../shared/messages.js";

/** @param {string} id */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/** A form field (input or textarea) by its id. @param {string} id */
const inputField = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
let settings = {};

function say(id, text, kind = "") {
  $(id).textContent = text;
  $(id).className = kind;
}

// ----- settings

function showSettings() {
  const form = /** @type {HTMLFormElement} */ ($("settings"));
  const named = (/** @type {string} */ name) => /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
  for (const name of ["uiLang", "sideLang", "name", "defaultRemedy"]) named(name).value = settings[name] ?? "";
  for (const radio of form.querySelectorAll('input[name="tone"]')) if (radio instanceof HTMLInputElement) radio.checked = radio.value === settings.tone;
  named("reminders").checked = !!settings.reminders;
}

async function saveSetting(event) {
  const field = event.target;
  const value = field.type === "checkbox" ? field.checked : field.value;
  try {
    settings = await request("settings/set", { [field.name]: value });
    if (field.name === "uiLang") {
      await initI18n(settings.uiLang);
      localise();
      await showCases();
    }
    say("settings-status", t("optSaved"));
  } catch (err) {
    say("settings-status", err.message, "error");
  }
}

// ----- cases of all orders

async function showCases() {
  let listing;
  try {
    listing = await request("log/list", {});
  } catch (err) {
    say("data-status", err.message, "error");
    return;
  }
  const blocks = listing.cases.map((entry) => {
    const { case: kase } = entry;
    const title = el("h3", {}, `${t("orderLabel")} ${kase.order.number} · ${t(`problem_${kase.problem.code}`)}`);
    const link = kase.order.url ? el("a", { href: kase.order.url, target: "_blank", rel: "noopener" }, t("optOpenOrder")) : "";
    const list = el("ul", { className: "log" }, ...contactItems({ cases: [entry] }, { onUpdate: update, onEscalate: escalate }), ...linkItems({ cases: [entry] }));
    return el("article", { className: "case", dataset: { testid: "och-case", order: kase.order.number } }, title, link, list);
  });
  $("cases").replaceChildren(...blocks);
  $("cases").dataset.loaded = "true";
  $("cases-empty").hidden = blocks.length > 0;
  if (listing.unreadable) say("data-status", t("optUnreadable", [String(listing.unreadable)]), "warn");
}

async function update(caseId, attemptId, status) {
  await request("log/update", { caseId, attemptId, status });
  await showCases();
}

async function escalate(caseId) {
  const draft = await request("log/escalation", { caseId, lang: settings.sideLang || "en" });
  $("escalation").hidden = false;
  inputField("escalation-text").value = [draft.ru.subject, draft.ru.body].filter(Boolean).join("\n\n");
  $("escalation-text").focus();
}

// ----- data

/** Forget the export links (and the files they hold in memory). */
function clearDownloads() {
  for (const link of $("downloads").querySelectorAll("a")) URL.revokeObjectURL(link.href);
  $("downloads").replaceChildren();
}

function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: name }, name);
  $("downloads").append(el("li", {}, link));
  return link;
}

async function exportAll() {
  try {
    const data = await request("log/export", { lang: settings.sideLang || "en" });
    clearDownloads();
    const stamp = new Date().toISOString().slice(0, 10);
    download(`ozon-contact-helper-${stamp}.json`, data.json, "application/json").click();
    for (const file of data.markdown) download(file.filename, file.text, "text/markdown");
    say("data-status", t("optExported", [String(data.markdown.length)]), "ok");
  } catch (err) {
    say("data-status", err.message, "error");
  }
}

async function importFile() {
  const file = inputField("import-file").files[0];
  if (!file) return;
  try {
    const result = await request("log/import", { text: await file.text() });
    say("data-status", plural("optImported", Number(result.cases) || 0), "ok");
    settings = await request("settings/get");
    showSettings();
    await showCases();
  } catch (err) {
    say("data-status", err.message, "error");
  } finally {
    inputField("import-file").value = "";
  }
}

async function deleteAll() {
  $("delete-confirm").hidden = true;
  try {
    await request("log/delete-all");
    clearDownloads(); // the old export links are gone with the data
    settings = await request("settings/get");
    showSettings();
    await showCases();
    say("data-status", t("optDeleted"), "ok");
    $("delete").focus();
  } catch (err) {
    say("data-status", err.message, "error");
  }
}

async function start() {
  settings = await request("settings/get");
  await initI18n(settings.uiLang);
  localise();
  showSettings();
  $("settings").addEventListener("change", saveSetting);
  $("settings").addEventListener("submit", (e) => e.preventDefault());
  $("export").addEventListener("click", exportAll);
  $("import-file").addEventListener("change", importFile);
  $("delete").addEventListener("click", () => {
    $("delete-confirm").hidden = false;
    $("delete-no").focus();
  });
  $("delete-yes").addEventListener("click", deleteAll);
  $("delete-no").addEventListener("click", () => {
    $("delete-confirm").hidden = true;
    $("delete").focus();
  });
  $("escalation-copy").addEventListener("click", () => navigator.clipboard.writeText(inputField("escalation-text").value));
  await showCases();
}

start().catch((err) => say("data-status", err.message, "error"));
