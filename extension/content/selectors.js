// Every CSS selector and address pattern the content script uses on Ozon's pages, in one
// place, each with the pages it must match. py_core keeps its own (key paths, widget
// names) in py_core/data/page.json. Fixtures: tests/fixtures/pages/.

// Sites the extension runs on; the manifest's content_scripts "matches" must cover them.
export const OZON_HOSTS = ["www.ozon.ru", "ozon.ru", "www.ozon.kz", "ozon.kz", "www.ozon.by", "ozon.by"];

// Pages by address (pathname). Order: /my/orderdetails/?order=46206571-0591
// Returns: /my/returns and /my/returnDetails?returnNumber=...
export const PAGE_PATHS = {
  orderDetails: /^\/my\/orderdetails\/?$/,
  returns: /^\/my\/returns\/?$/,
  returnDetails: /^\/my\/returnDetails\/?$/i,
};

// A widget's JSON: <div data-widget="shipmentWidget"><div id="state-shipmentWidget-..."
// data-state="{...}">. Every order and returns page (all fixtures in tests/fixtures/pages).
export const WIDGET_STATE = '[id^="state-"][data-state]';
export const WIDGET_OWNER = "[data-widget]";

// The part of the page that holds the order (its visible text is the reader's fall-back).
export const PAGE_ROOT = "#layoutPage";

// The second signal besides the JSON: product links in any parcel (order pages, returns).
export const PRODUCT_LINK = 'a[href*="/product/"]';
// A parcel's container: the shipmentWidget's element (its id carries the shipment).
export const PARCEL_CONTAINER = '[data-widget="shipmentWidget"]';

// Personal data the snapshot must never carry (order pages: the recipient block).
// orderDetailsItem widgets whose testInfo.automatizationId is one of these are dropped.
export const PERSONAL_AUTOMATIZATION_IDS = ["details-recipient", "details-address"];

// Editable boxes: the chat composer (composer.js) and the right-click target (context_menu.js).
export const EDITABLE = 'textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]';
export const COMPOSER = [
  "textarea",
  '[contenteditable=""]',
  '[contenteditable="true"]',
  '[contenteditable="plaintext-only"]',
  '[role="textbox"][contenteditable]',
].join(",");
