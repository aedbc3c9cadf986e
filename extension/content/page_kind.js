// Which kind of Ozon page this is, by its address (patterns in selectors.js). The e2e
// suites open order pages on ozon.ru and ozon.kz, and a product page that must get no panel.
import { OZON_HOSTS, PAGE_PATHS } from "./selectors.js";

export { OZON_HOSTS };

function pathOf(url) {
  try {
    const u = new URL(url);
    return OZON_HOSTS.includes(u.hostname) ? u.pathname : null;
  } catch {
    return null;
  }
}

/** e.g. https://www.ozon.ru/my/orderdetails/?order=46206571-0591&shipment_id=1 */
export function isOrderDetails(url) {
  const path = pathOf(url);
  return path !== null && PAGE_PATHS.orderDetails.test(path);
}
