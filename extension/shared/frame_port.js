// The page side of the private port between an extension page in an Ozon tab's iframe
// and the content script that made the frame (content/panel_frame.js portTo): the frame
// takes the first port offered with its tab's nonce, which it asks the background for.
// Offers that come before the nonce wait for it; anything else is ignored.
import { request } from "./messages.js";

/**
 * Calls `onPort(port)` once, with the port that carries this tab's nonce.
 * @returns {Promise<{nonce: string, tabId?: number}>} the background's answer
 */
export async function takeFramePort(onPort) {
  let nonce = null;
  let taken = false;
  const waiting = [];
  const consider = (event) => {
    const port = event.ports?.[0];
    if (taken || !port || event.data.nonce !== nonce) return;
    taken = true;
    onPort(port);
  };
  window.addEventListener("message", (event) => {
    const offer = event.source === window.parent && event.data?.type === "och-connect";
    if (offer && nonce === null) waiting.push(event);
    else if (offer) consider(event);
  });
  const answer = await request("panel/hello");
  nonce = answer.nonce;
  for (const event of waiting.splice(0)) consider(event);
  return answer;
}
