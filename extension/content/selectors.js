// Every CSS selector and address pattern the content script uses on Ozon's pages, in one
// place, each with the pages it must match. py_core keeps its own (key paths, widget
// names) in py_core/data/page.json. Fixtures: tests/fixtures/pages/.

// Sites the extension runs on: generated from py_core/data/page.json "hosts", as is the
// manifest's content_scripts "matches".
export { OZON_HOSTS } from "../shared/contract.js";

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

// A seller's link (second signal for the seller's name when the JSON is missing).
export const SELLER_LINK = 'a[href*="/seller/"]';

// Personal data the snapshot must never carry (order pages: the recipient and address
// blocks, orderDetailsItem tagged details-recipient / details-address; ozon-shapes
// orderdetails.widgetStates.shape.json). Such a widget, or one whose JSON cannot be read,
// is dropped with its visible text; only "pickup" or "door" is kept. Same lists as
// py_core/data/page.json "personal".
export const PERSONAL_WIDGETS = ["orderDetailsItem"];
export const PERSONAL_AUTOMATIZATION_IDS = ["details-recipient", "details-address"];
export const DELIVERY_KIND_WORDS = {
  pickup: ["пункт выдачи", "постамат", "пвз", "самовывоз"],
  door: ["курьер", "до двери", "доставка курьером", "на дом"],
};

// Editable boxes: the chat composer (composer.js) and the right-click target (context_menu.js).
export const EDITABLE = 'textarea, [contenteditable=""], [contenteditable="true"], [contenteditable="plaintext-only"]';
export const COMPOSER = [
  "textarea",
  '[contenteditable=""]',
  '[contenteditable="true"]',
  '[contenteditable="plaintext-only"]',
  '[role="textbox"][contenteditable]',
].join(",");
