// Who may use the relay's HTTP server and WebSocket: requests whose Host header names this
// machine (so a DNS-rebinding page is refused, as Vite refuses it), WebSockets only from the page
// origin exactly. Pure: every parse of request data here returns a value and never throws.
import { isIPv6 } from 'node:net';

export const ALLOWED_HOST_FLAG = '--allowed-host';
export const ALLOWED_HOSTS_ENV = 'ALLOWED_HOSTS';

/** The names every relay answers to: loopback (browsers resolve `*.localhost` to it too). */
const LOOPBACK_NAMES = ['localhost', '.localhost', '127.0.0.1', '::1'];

/** A Host header's parts; undefined if it is not `reg-name[:port]`, `IPv4[:port]` or `[IPv6][:port]`. */
export function parseHostHeader(
  header: string | undefined,
): { hostname: string; port?: number } | undefined {
  if (header === undefined || header.length === 0 || header.length > 260) return undefined;
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._-]+))(?::(\d{1,5}))?$/.exec(header);
  if (!m) return undefined;
  if (m[1] !== undefined && !isIPv6(m[1])) return undefined;
  const port = m[3] === undefined ? undefined : Number(m[3]);
  if (port !== undefined && port > 65535) return undefined;
  const hostname = (m[1] ?? m[2]).toLowerCase();
  return port === undefined ? { hostname } : { hostname, port };
}

/**
 * The entries of `--allowed-host` (repeatable) and of ALLOWED_HOSTS (comma or space separated):
 * host names, or `.example.lan` for that name and every name under it. An error names the first
 * entry that is not a host name.
 */
export function allowedHostEntries(
  flags: readonly string[] | undefined,
  env: string | undefined,
): { ok: true; hosts: string[] } | { ok: false; error: string } {
  const all = [...(flags ?? []).flatMap((f) => f.split(',')), ...(env ?? '').split(/[\s,]+/)]
    .map((h) => h.trim())
    .filter(Boolean);
  const hosts: string[] = [];
  for (const entry of all) {
    const bare = entry.startsWith('.') ? entry.slice(1) : entry;
    const unbracketed = /^\[(.*)\]$/.exec(bare)?.[1] ?? bare;
    if (
      !isIPv6(unbracketed) &&
      !/^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/.test(
        bare,
      )
    )
      return {
        ok: false,
        error: `${ALLOWED_HOST_FLAG}: '${entry}' is not a host name (e.g. mylaptop.lan, 192.168.1.20, .example.lan)`,
      };
    hosts.push((entry.startsWith('.') ? '.' : '') + unbracketed.toLowerCase());
  }
  return { ok: true, hosts };
}

/**
 * The host names the relay answers to: loopback, the address it is bound to (for a wildcard
 * bind, `local` gives the machine's own addresses), and the names it was given.
 */
export class HostAllowList {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];

  constructor(bound: readonly string[], allowed: readonly string[] = []) {
    for (const name of [...LOOPBACK_NAMES, ...bound, ...allowed]) {
      const n = name.toLowerCase();
      if (n.startsWith('.')) this.suffixes.push(n);
      else this.exact.add(n);
    }
  }

  /** Whether a request with this Host header may be served. */
  allows(header: string | undefined): boolean {
    const h = parseHostHeader(header);
    if (!h) return false;
    if (this.exact.has(h.hostname)) return true;
    return this.suffixes.some((s) => h.hostname === s.slice(1) || h.hostname.endsWith(s));
  }

  /** What it admits, in words. */
  describe(): string[] {
    return [...this.exact, ...this.suffixes];
  }

  /** Why a request with this Host header is refused, and how to allow it. */
  refusal(header: string | undefined): string {
    const h = parseHostHeader(header);
    if (!h) return header ? 'the Host header does not parse' : 'a Host header is required';
    const name = h.hostname.includes(':') ? `[${h.hostname}]` : h.hostname;
    return `this relay does not answer to the host ${JSON.stringify(name)} (DNS rebinding protection). If you reached it by that name, restart it with ${ALLOWED_HOST_FLAG} ${name} or set ${ALLOWED_HOSTS_ENV}.`;
  }
}

/**
 * Whether a WebSocket's Origin is exactly the page origin the request was made to: same scheme,
 * host and port. `Origin: null` (a sandboxed frame, a file) and anything else is refused.
 */
export function originMatches(
  origin: string | undefined,
  hostHeader: string | undefined,
  scheme: 'http' | 'https',
): boolean {
  const h = parseHostHeader(hostHeader);
  if (!origin || !h || !hostHeader) return false;
  return origin.toLowerCase() === `${scheme}://${hostHeader.toLowerCase()}`;
}

/** The path of a request target (before `?` or `#`), as sent; never parsed as a URL. */
export function targetPath(target: string | undefined): string {
  const t = target ?? '';
  const end = t.search(/[?#]/);
  return end < 0 ? t : t.slice(0, end);
}
