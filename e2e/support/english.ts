import type { Page } from '@playwright/test';

/**
 * Words a zh-CN reader may meet in English on purpose: the protocols' own names, fields, options,
 * codes and methods as on the wire (docs/i18n.md, "Stays as on the wire"), product names, units.
 */
export const WIRE_TERMS = new Set(
  `CoAP MQTT EMQX UDP TCP HTTP HTTPS API REST JSON URL URI IP IPv4 IPv6 WebSocket UTF
  CON NON ACK RST GET POST PUT DELETE FETCH PATCH iPATCH Empty
  Observe Uri Path Query Host Port Content Format Accept Block Block1 Block2 Size1 Size2 ETag
  Max Age Location If Match None Proxy Scheme Echo Request Tag Size No Response
  MID QoS TTL SYS ID ms kB MB B s min
  token clientid clientId username password topic qos retain expiry_interval
  heartbeat notify_type subscribe_qos publish_qos connection_required
  mqtt connection ps
  Created Deleted Valid Changed Content Continue Bad Unauthorized Option Forbidden Not Found
  Method Allowed Acceptable Incomplete Conflict Precondition Failed Too Large Unsupported
  Unprocessable Entity Internal Server Error Implemented Gateway Service Unavailable Timeout
  Proxying Supported Many Requests
  libcoap coap client curl pcap pcapng tshark Wireshark mosquitto Copper MQTTX GitHub
  Chromium RFC localhost relay hex ASCII`.split(/\s+/),
);

/**
 * The English words a reader sees or hears on the page: its text, and the names, titles and
 * placeholders of its controls, outside wire data (anything inside `translate="no"`: topics,
 * clientids, payloads, bytes, commands) and outside WIRE_TERMS. Words of two letters or more.
 */
export async function englishOnPage(page: Page, root = 'body'): Promise<string[]> {
  const texts = await page.evaluate((rootSelector) => {
    const out: string[] = [];
    const start = document.querySelector(rootSelector);
    if (!start) return out;
    const skipped = (el: Element | null) =>
      !!el?.closest('[translate="no"], script, style, noscript, svg title');
    const hidden = (el: Element) => {
      const s = getComputedStyle(el);
      // Screen-reader-only text is read aloud: it counts, though it is 1 px wide.
      return s.display === 'none' || s.visibility === 'hidden' || el.closest('[hidden]') !== null;
    };
    const walker = document.createTreeWalker(start, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || skipped(el) || hidden(el)) continue;
      if (n.textContent?.trim()) out.push(n.textContent);
    }
    for (const el of start.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      if (skipped(el) || hidden(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder', 'alt']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  }, root);
  const found = new Set<string>();
  for (const text of texts)
    for (const w of text.match(/[A-Za-z][A-Za-z'’]+/g) ?? []) {
      const word = w.replace(/['’]s?$/, '');
      if (word.length < 2 || WIRE_TERMS.has(word)) continue;
      found.add(word);
    }
  return [...found].sort();
}
