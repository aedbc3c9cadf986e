// Which kind of Ozon page this is, by its address. The manifest's content_scripts
// "matches" must cover the same hosts; the e2e suites open order pages on ozon.ru and
// ozon.kz, and a product page that must get no panel.
export const OZON_HOSTS = ["www.ozon.ru", "ozon.ru", "www.ozon.kz", "ozon.kz", "www.ozon.by", "ozon.by"];

/** e.g. https://www.ozon.ru/my/orderdetails/?order=46206571-0591&shipment_id=1 */
export function isOrderDetails(url) {
  try {
    const u = new URL(url);
    return OZON_HOSTS.includes(u.hostname) && /^\/my\/orderdetails\/?$/.test(u.pathname);
  } catch {
    return false;
  }
}
