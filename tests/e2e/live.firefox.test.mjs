// Pages on the live structure in real Firefox ESR (issue 8): the panel reads them
// completely, a damaged-item draft names the one item, and a parcel's widget that arrives
// late followed by an in-place navigation ends on the right, complete order.
// Run: node --test tests/e2e/live.firefox.test.mjs   (after `python build.py`)
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { newSitePage, shareOneFirefox, until } from "./site/firefox.mjs";
import { fixtureIndex, panelFrame } from "./site/site.mjs";

const READ_COMPLETELY = ["live_three_parcels.html", "live_two_sellers_one_parcel.html", "live_ozon_kz.html", "live_json_missing.html"];

describe("Firefox: pages on the live structure", { timeout: 300_000 }, () => {
  const firefox = shareOneFirefox();
  const foreign = [];

  const facts = (panel) => panel.$$eval('[data-testid="och-order-facts"] li', (items) => items.map((li) => li.textContent).join(" | "));
  const number = (panel) => panel.$eval('[data-testid="och-order-number"]', (n) => n.textContent);

  async function complete(panel, exp) {
    await until(
      async () => {
        if ((await number(panel)) !== exp.number) return false;
        const text = await facts(panel);
        const fillHidden = await panel.$eval('[data-testid="och-order-fill"]', (n) => n.hidden);
        return exp.item_titles.slice(0, 3).every((t) => text.includes(t)) && exp.sellers.every((s) => text.includes(s)) && fillHidden;
      },
      { timeout: 90_000, what: `the complete order ${exp.number} in the panel` },
    );
  }

  async function open(name) {
    const meta = fixtureIndex()[name];
    const page = await newSitePage(firefox.browser, () => ({}), foreign);
    await page.goto(meta.url);
    const panel = await until(() => panelFrame(page), { what: "the panel frame" });
    await complete(panel, meta.expect);
    return { page, panel, meta };
  }

  for (const name of READ_COMPLETELY) {
    it(`reads ${name} completely`, async () => {
      const { page } = await open(name);
      await page.close();
    });
  }

  it("a damaged-item draft on a one-item order names the item", async () => {
    const { page, panel, meta } = await open("live_one_item_received.html");
    await panel.click('[data-testid="och-problem-damaged"]');
    const title = meta.expect.item_titles[0];
    const draft = await until(() => panel.$eval('[data-testid="och-draft"]', (n) => n.value).then((v) => (v.includes(title) ? v : null)), {
      timeout: 20_000,
      what: "a draft naming the item",
    });
    assert.ok(draft.includes(meta.expect.number));
    await page.close();
  });

  it("a late widget, then an in-place navigation, end on the right, complete order", async () => {
    const index = fixtureIndex();
    const { page, panel, meta } = await open("live_late_widget.html");
    await page.evaluate(() => {
      setTimeout(() => {
        const late = document.getElementById("och-late");
        document.querySelector('[data-widget="orderDoneTotal"]').before(late.content.cloneNode(true));
        late.remove();
      }, 1500);
    });
    await complete(panel, { ...meta.expect, ...meta.expect.late });

    const other = index["live_two_parcels_mixed.html"];
    await page.evaluate((url) => {
      history.pushState({}, "", url);
      fetch(url)
        .then((r) => r.text())
        .then((html) =>
          setTimeout(() => {
            const next = new DOMParser().parseFromString(html, "text/html").getElementById("layoutPage");
            document.getElementById("layoutPage").replaceWith(document.adoptNode(next));
            window.__swapped = true;
          }, 2500),
        );
    }, other.url);
    while (!(await page.evaluate(() => window.__swapped === true))) {
      if ((await number(panel)) === other.expect.number) {
        const text = await facts(panel);
        assert.ok(!text.includes("Пазл") && !text.includes("Конструктор"), `the previous order under the new number: ${text}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    await complete(panel, other.expect);
    assert.ok(!(await facts(panel)).includes("Пазл"));
    assert.deepEqual(foreign, []);
    await page.close();
  });
});
