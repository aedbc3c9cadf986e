// Social media for a seller (issue 14), after the seller chat: a short private message
// for the shop's VK or Telegram first (copied: these are not Ozon pages), then, if there is
// no answer, the public comment (the public_post channel, drafted like any channel). The
// shop's links the page shows or the buyer found (kept with the case through py_core's
// case_link), Ozon's own accounts as help links with their sources, and the guides'
// networks that are blocked in Russia. Also the quieter-hours tip when a support
// follow-up is overdue. Everything shown comes from py_core (core/social, core/tips).
import { linkItems } from "../shared/case_view.js";
import { $, copyText, el, localText } from "../shared/dom.js";
import { t } from "../shared/i18n.js";
import { request } from "./python_line.js";
import { pickChannel } from "./advice.js";
import { config } from "./config.js";
import { setStatus } from "./draft.js";
import { refreshLog } from "./log.js";
import { currentOrder, currentSnapshot } from "./order.js";
import { problemCode } from "./problem.js";

export { linkItems }; // the panel log lists kept links as the options page does (shared/case_view.js)

const social = {
  filled: false, // its content asked for and shown (the section was opened)
  shown: 0, // a counter: an answer for an older request is dropped
};

// Addresses on the social networks that channels.json lists (py_core checks each one
// against that list and drops Ozon's own accounts): a first sieve, so that the page's
// many other addresses (images, scripts) are not sent to the core.
const SOCIAL_URL = /https?:\/\/(?:www\.|m\.)?(?:vk\.com|vk\.ru|t\.me|telegram\.me|ok\.ru)\/[A-Za-z0-9_.\-/]+/g;

/** Up to 10 social-network addresses in the page's links and widget data. */
export function pageSocialLinks(snapshot) {
  const found = new Set();
  const texts = [...(snapshot?.links ?? []).map((link) => String(link?.href ?? "")), ...(snapshot?.widgets ?? []).map((w) => String(w?.state ?? ""))];
  for (const text of texts) {
    for (const match of text.replaceAll("\\/", "/").matchAll(SOCIAL_URL)) {
      found.add(match[0].replace(/[./]+$/, ""));
      if (found.size >= 10) return [...found];
    }
  }
  return [...found];
}

/** The links kept with this order's open case for this problem. */
async function keptLinks(order, code) {
  const listing = await request("log/list", { orderNumber: order.number });
  const open = (listing.cases ?? []).map(({ case: kase }) => kase).find((kase) => kase.problem?.code === code && (kase.status ?? "open") === "open");
  return (open?.links ?? []).map((link) => link.url);
}

/**
 * Show the (folded) social section when the advice has the seller chat; hide it otherwise.
 * Its content is asked for only when the buyer opens it, so that a pick of a problem
 * does not wait behind it in the Python host.
 */
export function renderSocial(result) {
  social.filled = false;
  social.shown++; // an answer for the advice before is dropped
  const order = currentOrder();
  const forSeller = (result?.channels ?? []).some((channel) => channel.code === "seller_chat");
  const box = $("social-box");
  box.hidden = !forSeller || !order?.number || !problemCode();
  return !box.hidden && box.open ? fillSocial() : Promise.resolve();
}

async function fillSocial() {
  const box = $("social-box");
  const order = currentOrder();
  const code = problemCode();
  const seq = ++social.shown;
  if (!order?.number || !code) return;
  try {
    const answer = await request("core/social", {
      order_number: order.number,
      problem: code,
      lang: config.sideLang,
      ...(order.items?.[0]?.title ? { item: String(order.items[0].title).slice(0, 500) } : {}),
      links: (await keptLinks(order, code)).slice(0, 10),
      page_links: pageSocialLinks(currentSnapshot()),
    });
    if (seq !== social.shown) return;
    fill(answer);
    social.filled = true;
  } catch {
    if (seq === social.shown) box.hidden = true; // a help, never an error the buyer must read
  }
}

function fill(answer) {
  const priv = answer.private_message;
  const side = priv.side?.lang && priv.side.lang !== "ru" ? priv.side : null;
  $("social-private").replaceChildren(
    el("strong", {}, localText(priv.label)),
    el("span", { className: "reason" }, t("socialPrivateHow", [String(priv.reply_hours)])),
    el("p", { className: "social-text", lang: "ru", dataset: { testid: "och-social-private-text" } }, priv.ru.body),
    side ? el("p", { className: "side", lang: side.lang === "zh" ? "zh-CN" : side.lang }, side.body) : null,
    el("button", { type: "button", className: "small-button", dataset: { testid: "och-social-copy" }, onclick: () => copyPrivate(priv.ru.body) }, t("socialCopyPrivate")),
  );
  $("social-public").replaceChildren(
    el("strong", {}, localText(answer.public_comment.label)),
    el("span", { className: "reason" }, t("socialPublicHow")),
    el("button", { type: "button", className: "small-button", dataset: { testid: "och-social-public-draft" }, onclick: () => pickChannel(answer.public_comment.channel) }, t("socialPublicDraft")),
  );
  renderShopLinks(answer);
  $("social-ozon").replaceChildren(
    el("span", {}, t("socialOzonOwn")),
    ...answer.ozon_accounts.map((account) =>
      el(
        "span",
        { className: "reason", dataset: { network: account.network } },
        el("a", { href: account.url, target: "_blank", rel: "noopener noreferrer", title: t("socialSource", [account.sources.join("; "), account.checked]) }, localText(account.title)),
        ` — ${localText(account.note)}`,
      ),
    ),
  );
  $("social-blocked").textContent = localText(answer.not_usable_note);
}

function renderShopLinks(answer) {
  const labels = Object.fromEntries([...answer.networks, ...answer.not_usable].map((n) => [n.code, localText(n.label)]));
  $("social-note").textContent = localText(answer.seller_links_note);
  $("social-links").replaceChildren(
    ...answer.seller_links.map((link) =>
      el(
        "li",
        { dataset: { testid: "och-social-link", network: link.network ?? "", found: link.found_by } },
        el("a", { href: link.url, target: "_blank", rel: "noopener noreferrer" }, link.url),
        ` · ${labels[link.network] ?? t("socialUnknownNetwork")} · ${t(link.found_by === "page" ? "socialFoundOnPage" : "socialAddedByYou")}`,
        link.usable_in_russia === false ? el("span", { className: "reason" }, t("socialBlockedLink")) : null,
      ),
    ),
  );
  $("social-links").hidden = answer.seller_links.length === 0;
}

async function copyPrivate(text) {
  const copied = await copyText(text, $("social-private"));
  setStatus(copied ? t("socialCopiedPrivate") : t("copyFailed"), copied ? "ok" : "error");
}

/** Keep the address the buyer typed with the case (py_core validates it), then show it. */
async function addLink(event) {
  event.preventDefault();
  const input = $("social-link-input");
  const url = input.value.trim();
  const order = currentOrder();
  const code = problemCode();
  if (!url || !order?.number || !code) return;
  const status = $("social-link-status");
  try {
    await request("log/link", { order, problem: { code }, url });
    input.value = "";
    status.textContent = t("socialLinkKept");
    status.className = "ok";
  } catch (err) {
    status.textContent = err.code === "invalid_payload" ? t("socialLinkRefused") : err.message;
    status.className = "error";
    return;
  }
  await fillSocial();
  await refreshLog();
}

export function wireSocial() {
  $("social-link-form").addEventListener("submit", addLink);
  $("social-box").addEventListener("toggle", () => {
    if ($("social-box").open && !social.filled) fillSocial();
  });
}

/** The quieter-hours tip when a support-chat follow-up of these cases is overdue (core/tips decides). */
export async function showOffPeakTip(listing) {
  const line = $("tip-off-peak");
  const overdue = (listing?.cases ?? []).filter(({ due }) => (due ?? []).some((d) => d.overdue));
  let tip = null;
  for (const { case: kase } of overdue) {
    try {
      const found = await request("core/tips", { case: kase, now: new Date().toISOString() });
      tip = (Array.isArray(found) ? found : []).find((item) => item.code === "off_peak") ?? null;
    } catch {
      tip = null; // a tip is a help, never an error the buyer has to read
    }
    if (tip) break;
  }
  line.hidden = !tip;
  line.textContent = tip ? localText(tip.text) : "";
  line.title = tip ? `${tip.assumption ? t("tipAssumption") : ""} ${tip.source}`.trim() : "";
}
