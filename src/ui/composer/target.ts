// Where the composer sends: the playground's gateway, or a real CoAP server through the relay.
import type { Endpoint } from '../../gateway';
import { i18n } from '../i18n/i18n';

export type TargetChoice = 'gateway' | 'server';

export type ParsedTarget = { ok: true; endpoint: Endpoint } | { ok: false; error: string };

const ipv4 = (h: string) =>
  /^\d{1,3}(\.\d{1,3}){3}$/.test(h) && h.split('.').every((p) => Number(p) <= 255);
const ipv6 = (h: string) =>
  /^[0-9a-f:.]+$/i.test(h) && h.includes(':') && h.split('::').length <= 2;

/**
 * A real server's address as typed (its error in the page's language at the time of the call): `coap://127.0.0.1:5683`, `127.0.0.1:5685`, `[::1]:5683`,
 * `localhost` (port 5683 when none). The page cannot resolve host names, so it takes IP
 * addresses (and `localhost`).
 */
export function parseServerTarget(raw: string): ParsedTarget {
  let text = raw.trim();
  if (!text) return { ok: false, error: i18n.t('composer:server.empty') };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (scheme) {
    const s = scheme[1].toLowerCase();
    if (s === 'coaps') return { ok: false, error: i18n.t('composer:server.coaps') };
    if (s !== 'coap')
      return { ok: false, error: i18n.t('composer:server.scheme', { scheme: `${s}://` }) };
    text = text.slice(scheme[0].length);
  }
  if (/[/?#]/.test(text.replace(/\/$/, '')))
    return { ok: false, error: i18n.t('composer:server.path') };
  text = text.replace(/\/$/, '');
  let host = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracketed) [, host, portText] = bracketed;
  else if ((text.match(/:/g) ?? []).length === 1) [host, portText] = text.split(':');
  let port = 5683;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535)
      return { ok: false, error: i18n.t('composer:server.port', { port: `'${portText}'` }) };
    port = Number(portText);
  }
  if (host.toLowerCase() === 'localhost') host = '127.0.0.1';
  if (ipv4(host) || ipv6(host)) return { ok: true, endpoint: { address: host, port } };
  return {
    ok: false,
    error: i18n.t('composer:server.name', { host: `'${host}'` }),
  };
}
