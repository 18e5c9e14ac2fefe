import type { Page } from '@playwright/test';

/**
 * Words a zh-CN reader may meet in English on purpose (docs/i18n.md, "Stays as on the wire"): the
 * protocols' and products' names, message types and methods, the query keys and values, the
 * response codes' reason phrases, units, and the
 * glossary's pairs (令牌（Token）, 消息体（Payload）, 观察（Observe）).
 */
export const WIRE_TERMS = new Set(
  `CoAP CoAPs MQTT EMQX UDP TCP HTTP HTTPS API REST JSON URL URI IP IPv4 IPv6 WebSocket UTF UTF8
  DTLS CON NON ACK RST GET POST PUT DELETE FETCH PATCH iPATCH
  Observe Block1 Block2 Size1 Size2 ETag Echo MID QoS TTL SYS ID
  Token token Payload Method Broker ping
  coap expiry nl rh true false con non Block
  notify_type connection_required subscribe_qos publish_qos max_body_size
  Created Deleted Valid Changed Content Continue Unauthorized Forbidden Found Allowed Acceptable
  Incomplete Conflict Failed Unsupported Unprocessable Entity Implemented Unavailable Timeout clientid clientId username password qos retain
  ms kB MB KiB B s min
  libcoap curl pcap pcapng tshark Wireshark mosquitto Copper MQTTX GitHub Chromium
  RFC localhost hex ASCII`.split(/\s+/),
);

/**
 * Whole phrases that stay as on the wire, taken out before the words are counted: a response
 * code with its reason phrase (`4.00 Bad Request`), an option's name (`Uri-Path`,
 * `Content-Format`, `If-None-Match`), `Message ID`, paths and queries, quoted data.
 */
const WIRE_PHRASES = [
  /\b[0-7]\.\d\d(?: [A-Z][a-z]+)*/g,
  /\b[A-Z][a-z]+(?:-[A-Z][a-z]+)+\b/g,
  /\bMessage ID\b/g,
  /\bcoap-(?:client|server)(?:-notls)?\b/g,
  // A path, a query, a URI (`mqtt/connection?clientid=123`), a quoted datum (`"obstoken"`): wire
  // data where no element can say so (a title, an option's text).
  /[^\s，。：；（）()]*[/?=&][^\s，。：；（）()]*/g,
  /"[^"\n]*"|“[^”\n]*”|「[^」\n]*」/g,
  // A file of docs/ by name, an npm command.
  /\bgateway-behaviour\b/g,
  /\bnpm (?:start|test|install|run [\w:-]+)\b/g,
];

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
  for (const raw of texts) {
    const text = WIRE_PHRASES.reduce((t, re) => t.replace(re, ' '), raw);
    for (const word of text.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? []) {
      // Identifiers are not prose: config keys and functions (`max_body_size`), camel case
      // (`CleanStart`), acronyms (`SZX`), names with digits (`Block2`).
      if (word.length < 2 || WIRE_TERMS.has(word) || /[_0-9]|^[A-Z]+$|.[A-Z]/.test(word)) continue;
      found.add(word);
    }
  }
  return [...found].sort();
}
