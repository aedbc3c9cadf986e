// The claim page: claim.html?case=<case id>&lang=<en|zh|ru>. It asks the background for the
// escalation documents of a logged case (background "claim/get" -> py_core "claim"), shows
// the Russian document beside the buyer's language, lets the buyer fill in the seller's
// legal name, ИНН/ОГРН and their own name, and prints the Russian document only. Printing
// logs the step in the case, with its date. Every text goes into the page as text, never
// as HTML.

import { request } from "../shared/messages.js";

const UI = {
  en: {
    heading: "Written claim and next steps",
    intro: "The seller and Ozon support did not solve it. Print the claim, sign it and send it to the seller; if there is no answer in time, go on to the next document. Only the Russian text is printed; your language is shown beside it for reading.",
    fields: "Fill in",
    required: "needed",
    print: "Print (Russian only)",
    loading: "Preparing the documents…",
    noCase: "This page needs a case from the case log (open it from the panel or the case log).",
    done: "done",
    printed: "Logged in the case:",
    how: "How to send it",
    tabs: "Documents",
  },
  ru: {
    heading: "Письменная претензия и следующие шаги",
    intro: "Продавец и поддержка Ozon не решили вопрос. Распечатайте претензию, подпишите и отправьте продавцу; если ответа в срок нет — переходите к следующему документу.",
    fields: "Заполните",
    required: "обязательно",
    print: "Печать",
    loading: "Готовлю документы…",
    noCase: "Эта страница открывается для обращения из журнала (из панели или журнала обращений).",
    done: "сделано",
    printed: "Отмечено в журнале:",
    how: "Как отправить",
    tabs: "Документы",
  },
  zh: {
    heading: "书面索赔及后续步骤",
    intro: "卖家和 Ozon 客服都没有解决问题。请打印索赔书，签名后发送给卖家；如果在期限内没有答复，再进行下一步。打印时只打印俄文，您的语言仅在屏幕上对照显示。",
    fields: "请填写",
    required: "必填",
    print: "打印（仅俄文）",
    loading: "正在生成文件…",
    noCase: "此页面需要记录中的案件（请从面板或案件记录中打开）。",
    done: "已完成",
    printed: "已记录到案件：",
    how: "如何发送",
    tabs: "文件",
  },
};

const params = new URLSearchParams(location.search);
const caseId = params.get("case") ?? "";
const lang = ["en", "zh", "ru"].includes(params.get("lang")) ? params.get("lang") : "en";
const t = UI[lang];
const $ = (id) => document.getElementById(id);

let result = null;
let active = "claim";
const parties = {};

/** The documents of the case from the background; throws with the background's message. */
const ask = (payload) => request("claim/get", payload);

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function setStatus(text, kind = "") {
  $("status").textContent = text;
  $("status").className = kind;
}

function renderDoc(target, doc) {
  target.replaceChildren();
  target.setAttribute("lang", doc.lang);
  for (const block of doc.blocks) {
    if (block.role === "list") {
      const [head, ...rest] = block.text.split("\n");
      const items = (block.items ?? []).slice(1).length ? block.items.slice(1) : rest.map((line) => line.replace(/^[—-]\s*/, ""));
      target.append(el("div", { class: "list" }, [el("div", { text: head }), el("ul", {}, items.map((item) => el("li", { text: item })))]));
    } else {
      target.append(el("div", { class: block.role, text: block.text }));
    }
  }
}

function renderFields() {
  const form = $("fields");
  form.replaceChildren();
  for (const field of result.fields) {
    const id = `f-${field.code}`;
    const label = el("label", { for: id, text: field.label[lang] + (field.required ? ` (${t.required})` : "") });
    const input = el("input", { id, name: field.code, type: field.code === "payment_date" ? "date" : "text", "aria-describedby": `${id}-hint` });
    input.value = parties[field.code] ?? field.value ?? "";
    input.addEventListener("change", () => {
      parties[field.code] = input.value.trim() || null;
      refresh();
    });
    const hint = el("p", { id: `${id}-hint`, class: "hint", text: field.where[lang] });
    form.append(label, el("div", {}, [input, hint]));
  }
}

function renderTabs() {
  const tabs = $("tabs");
  tabs.replaceChildren();
  tabs.setAttribute("aria-label", t.tabs);
  for (const doc of result.documents) {
    const button = el("button", { type: "button", role: "tab", "aria-selected": String(doc.kind === active), "data-kind": doc.kind, "data-testid": `och-claim-tab-${doc.kind}` }, [doc.label[lang]]);
    if (doc.done_at) button.append(el("span", { class: "done", text: `✓ ${t.done} ${doc.done_at.slice(0, 10)}` }));
    button.addEventListener("click", () => {
      active = doc.kind;
      render();
    });
    tabs.append(button);
  }
}

function render() {
  const doc = result.documents.find((d) => d.kind === active) ?? result.documents[0];
  active = doc.kind;
  renderTabs();
  renderDoc($("doc-ru"), doc.ru);
  const single = lang === "ru";
  $("doc-side").hidden = single;
  document.querySelector(".pair").classList.toggle("single", single);
  if (!single) renderDoc($("doc-side"), doc.side);
  const how = $("how");
  how.replaceChildren(el("h2", { text: t.how }), el("p", { text: doc.how_to_file[lang] }));
  for (const link of doc.links) {
    how.append(el("p", {}, [el("a", { href: link.url, target: "_blank", rel: "noopener noreferrer", text: `${link.title[lang]} — ${link.url}` })]));
  }
  document.title = `${doc.ru.title} · ${result.case_id}`;
}

async function refresh(printed) {
  try {
    const clean = Object.fromEntries(Object.entries(parties).filter(([, v]) => v));
    const answer = await ask({ caseId, lang, parties: clean, ...(printed ? { printed } : {}) });
    result = answer.claim;
    renderFields();
    render();
    setStatus("");
    return true;
  } catch (err) {
    setStatus(err.message, "error");
    return false;
  }
}

async function printDocument() {
  if (!(await refresh(active))) return;
  const doc = result.documents.find((d) => d.kind === active);
  setStatus(`${t.printed} ${doc.label[lang]} — ${doc.done_at?.slice(0, 10) ?? ""}`);
  window.print();
}

function start() {
  document.documentElement.lang = lang;
  $("heading").textContent = t.heading;
  $("intro").textContent = t.intro;
  $("fields-title").textContent = t.fields;
  $("print").textContent = t.print;
  $("print").addEventListener("click", printDocument);
  if (!caseId) {
    setStatus(t.noCase, "error");
    return;
  }
  setStatus(t.loading);
  refresh();
}

start();
