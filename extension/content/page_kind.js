// Which kind of Ozon page this is, by its address. Each detector sits beside the
// addresses it must accept (tests/unit/test_page_kind is the JS-free mirror in py_core).
export const OZON_HOSTS = ["www.ozon.ru", "ozon.ru", "www.ozon.kz", "ozon.kz", "www.ozon.by", "ozon.by"];

/** e.g. https://www.ozon.ru/my/orderdetails/?order=46206571-0591&shipment_id=1 */
export function isOrderDetails(url) {
  const u = new URL(url);
  return OZON_HOSTS.includes(u.hostname) && /^\/my\/orderdetails\/?$/.test(u.pathname);
}

export function pageKind(url) {
  try {
    if (isOrderDetails(url)) return "order_details";
    return OZON_HOSTS.includes(new URL(url).hostname) ? "ozon" : "other";
  } catch {
    return "other";
  }
}
