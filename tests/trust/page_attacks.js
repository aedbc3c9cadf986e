// What a hostile Ozon page script tries against the panel (both browser suites run it
// in the page: test_trust_chromium.py and trust.firefox.test.mjs). Called with
// [extensionId]; the page must have recorded every window message into window.__heard
// from its start. Returns what each attack got; the suites count the successes.
async ([extId]) => {
  const results = {};
  const frame = document.querySelector('[data-testid="och-panel"]');
  const heard = window.__heard.slice();
  // 1. read the panel (its document, its draft)
  results.read_document = (() => {
    try { return frame.contentDocument !== null || !!frame.contentWindow.document; } catch { return false; }
  })();
  results.read_draft = (() => {
    try { return !!frame.contentWindow.document.querySelector('[data-testid="och-draft"]').value; } catch { return false; }
  })();
  // 2. post into the panel: a forged connect with a port of the page's own, a forged snapshot,
  //    a forged insert result
  const ch = new MessageChannel();
  const got = [];
  ch.port1.onmessage = (e) => got.push(e.data);
  frame.contentWindow.postMessage({type: 'och-connect', nonce: 'x'.repeat(72)}, '*', [ch.port2]);
  frame.contentWindow.postMessage({type: 'snapshot', snapshot: {url: location.href, widgets: [], text: 'Заказ № 99999999-0001'}}, '*');
  frame.contentWindow.postMessage({type: 'insert', id: 'evil', text: 'EVIL'}, '*');
  // 3. replay every message the page ever heard (a port message, a connect) to the panel
  for (const m of heard) {
    try { frame.contentWindow.postMessage(m.data, '*', m.ports ? [...m.ports] : []); } catch {}
  }
  // 4. fake the content script: the extension's messaging from the page
  results.runtime_reachable = (() => {
    try {
      if (typeof chrome === 'undefined' || !chrome.runtime || !chrome.runtime.sendMessage) return false;
      chrome.runtime.sendMessage(extId, {target: 'background', type: 'log/export', payload: {}});
      return true;
    } catch { return false; }
  })();
  window.dispatchEvent(new MessageEvent('message', {data: {type: 'och-connect', nonce: 'y'.repeat(72)}}));
  // 5. frame panel.html itself, and offer that frame a port
  const own = document.createElement('iframe');
  own.src = frame.src;
  own.id = 'page-made-panel';
  document.body.appendChild(own);
  await new Promise((r) => own.addEventListener('load', r, {once: true}));
  const ch2 = new MessageChannel();
  ch2.port1.onmessage = (e) => got.push(e.data);
  own.contentWindow.postMessage({type: 'och-connect', nonce: 'z'.repeat(72)}, '*', [ch2.port2]);
  await new Promise((r) => setTimeout(r, 3000));
  results.port_answers = got.length;
  results.heard = heard.filter((m) => JSON.stringify(m.data ?? '').includes('och') || m.ports?.length).length;
  return results;
}
