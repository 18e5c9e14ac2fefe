// Which destinations the relay sends the page's outbound datagrams to: loopback by default,
// widened by `--allow-dest` / ALLOW_DEST, so the relay is never an open UDP proxy.
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { endpointKey } from '../wire/endpoint.ts';
import type { Endpoint } from '../wire/endpoint.ts';

/** One allowlist rule: an address block and, optionally, the one port it admits. */
export interface AllowRule {
  /** As given (or resolved from a host name): `127.0.0.0/8`, `10.0.0.5:5683`, `[fd00::1]:5683`. */
  text: string;
  family: 'ipv4' | 'ipv6';
  address: string;
  prefix: number;
  port?: number;
}

/** The default rules: the IPv4 loopback block and ::1. */
export const LOOPBACK_RULES: readonly AllowRule[] = Object.freeze([
  { text: '127.0.0.0/8', family: 'ipv4', address: '127.0.0.0', prefix: 8 },
  { text: '::1', family: 'ipv6', address: '::1', prefix: 128 },
]);

export const ALLOW_DEST_FLAG = '--allow-dest';
export const ALLOW_DEST_ENV = 'ALLOW_DEST';

export type ParsedEntry =
  | { ok: true; rule: AllowRule }
  /** A host name: the caller resolves it (the CLI does, once, at start) and calls `ruleFor`. */
  | { ok: true; name: string; port?: number }
  | { ok: false; error: string };

function portOf(text: string, entry: string): number | string {
  if (!/^\d{1,5}$/.test(text)) return `'${entry}': port '${text}' is not a number`;
  const n = Number(text);
  if (n < 1 || n > 65535) return `'${entry}': port ${n} is not in 1..65535`;
  return n;
}

/** A rule for one address (and optional prefix and port); an error text if it is not one. */
export function ruleFor(
  address: string,
  prefix: number | undefined,
  port: number | undefined,
  text: string,
): AllowRule | string {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return `'${text}': '${address}' is not an IP address`;
  const max = family === 'ipv4' ? 32 : 128;
  const p = prefix ?? max;
  if (!Number.isInteger(p) || p < 0 || p > max)
    return `'${text}': prefix /${p} is not in 0..${max}`;
  return { text, family, address, prefix: p, ...(port !== undefined ? { port } : {}) };
}

/**
 * Parses one `--allow-dest` entry: `CIDR` (`10.0.0.0/8`, `fd00::/8`), `IP`, `IP:port`,
 * `[IPv6]:port`, `host` or `host:port`. Never throws.
 */
export function parseAllowEntry(raw: string): ParsedEntry {
  const text = raw.trim();
  if (!text) return { ok: false, error: 'an empty destination' };
  let host = text;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
  } else if (!isIPv6(text.split('/')[0])) {
    const colon = text.lastIndexOf(':');
    if (colon >= 0) {
      host = text.slice(0, colon);
      portText = text.slice(colon + 1);
    }
  }
  let port: number | undefined;
  if (portText !== undefined) {
    const p = portOf(portText, text);
    if (typeof p === 'string') return { ok: false, error: p };
    port = p;
  }
  const slash = host.indexOf('/');
  if (slash >= 0) {
    const prefixText = host.slice(slash + 1);
    if (!/^\d{1,3}$/.test(prefixText))
      return { ok: false, error: `'${text}': prefix '/${prefixText}' is not a number` };
    const r = ruleFor(host.slice(0, slash), Number(prefixText), port, text);
    return typeof r === 'string' ? { ok: false, error: r } : { ok: true, rule: r };
  }
  if (isIPv4(host) || isIPv6(host)) {
    const r = ruleFor(host, undefined, port, text);
    return typeof r === 'string' ? { ok: false, error: r } : { ok: true, rule: r };
  }
  if (!/^[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*\.?$/.test(host))
    return {
      ok: false,
      error: `'${text}' is not an address, a CIDR block or a host name (e.g. 10.0.0.5:5683, 10.0.0.0/24, emqx.lan:5683)`,
    };
  return { ok: true, name: host, ...(port !== undefined ? { port } : {}) };
}

/**
 * The entries of the flag (repeatable) and of the environment variable (comma or space
 * separated), in that order.
 */
export function allowDestEntries(flags: readonly string[] | undefined, env: string | undefined) {
  const fromEnv = (env ?? '').split(/[\s,]+/).filter(Boolean);
  return [...(flags ?? []).flatMap((f) => f.split(',')).filter((f) => f.trim()), ...fromEnv];
}

/** The IPv4 address behind an IPv4-mapped IPv6 one (`::ffff:127.0.0.1`, `::ffff:7f00:1`). */
export function unmapIpv4(address: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex) {
    const hi = parseInt(hex[1], 16);
    const lo = parseInt(hex[2], 16);
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return address;
}

export type Verdict = { ok: true; address: string } | { ok: false; reason: string };

/** The relay's own sockets, which the page may not send to unless a rule names one exactly. */
export interface OwnPorts {
  ports: ReadonlyArray<{ port: number; what: string }>;
  /** Whether an address reaches this machine's relay (loopback, the bound address…). */
  isLocal: (address: string) => boolean;
}

/** The relay's destination allowlist: loopback always, plus the rules it is given. */
export class AllowList {
  readonly rules: readonly AllowRule[];
  private readonly blocks: Array<{ list: BlockList; rule: AllowRule }>;

  constructor(
    extra: readonly AllowRule[] = [],
    private readonly own?: OwnPorts,
  ) {
    this.rules = [...LOOPBACK_RULES, ...extra];
    this.blocks = this.rules.map((rule) => {
      const list = new BlockList();
      list.addSubnet(rule.address, rule.prefix, rule.family);
      return { list, rule };
    });
  }

  /** The same rules, refusing the relay's own ports: a page must not loop the relay onto itself. */
  withOwnPorts(own: OwnPorts): AllowList {
    return new AllowList(this.rules.slice(LOOPBACK_RULES.length), own);
  }

  /** What it admits, in words, for the page. */
  describe(): string[] {
    return this.rules.map((r) => r.text);
  }

  /**
   * Whether the relay may send to `dest`; the address to send to (IPv4-mapped addresses are
   * unmapped), or a reason that names the flag that would allow it.
   */
  check(dest: Endpoint): Verdict {
    const address = unmapIpv4(dest.address);
    const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
    const where = endpointKey({ address, port: dest.port });
    if (!family) return { ok: false, reason: `'${dest.address}' is not an IP address` };
    if (!(dest.port >= 1 && dest.port <= 65535))
      return { ok: false, reason: `${where}: port ${dest.port} is not in 1..65535` };
    const self = this.own?.ports.find((p) => p.port === dest.port);
    if (self && this.own?.isLocal(address) && !this.namesExactly(address, family, dest.port))
      return {
        ok: false,
        reason: `${where} is the relay's own ${self.what} port: the gateway in this page already answers there, and sending to it would loop the relay onto itself. To send there anyway, restart the relay with ${ALLOW_DEST_FLAG} ${where}.`,
      };
    for (const { list, rule } of this.blocks) {
      if (rule.family !== family) continue;
      if (rule.port !== undefined && rule.port !== dest.port) continue;
      if (list.check(address, family)) return { ok: true, address };
    }
    return {
      ok: false,
      reason: `${where} is not on the relay's destination allowlist (${this.describe().join(', ')}). To allow it, restart the relay with ${ALLOW_DEST_FLAG} ${where} (or a CIDR block), or set ${ALLOW_DEST_ENV}.`,
    };
  }

  private namesExactly(address: string, family: 'ipv4' | 'ipv6', port: number): boolean {
    return this.blocks.some(
      ({ list, rule }) =>
        rule.port === port &&
        rule.prefix === (family === 'ipv4' ? 32 : 128) &&
        list.check(address, family),
    );
  }
}

/** Resolves a host name to its addresses (node:dns `lookup` with `all`, in the CLI). */
export type Lookup = (name: string) => Promise<Array<{ address: string }>>;

/**
 * The allowlist for `--allow-dest` entries: loopback plus each entry, host names resolved once
 * now. An error names the first entry that is not valid or does not resolve.
 */
export async function buildAllowList(
  entries: readonly string[],
  lookup: Lookup,
): Promise<{ ok: true; allow: AllowList } | { ok: false; error: string }> {
  const rules: AllowRule[] = [];
  for (const entry of entries) {
    const parsed = parseAllowEntry(entry);
    if (!parsed.ok) return { ok: false, error: `${ALLOW_DEST_FLAG}: ${parsed.error}` };
    if ('rule' in parsed) {
      rules.push(parsed.rule);
      continue;
    }
    let found: Array<{ address: string }>;
    try {
      found = await lookup(parsed.name);
    } catch (e) {
      return {
        ok: false,
        error: `${ALLOW_DEST_FLAG}: '${entry}' does not resolve: ${(e as Error).message}`,
      };
    }
    for (const { address } of found) {
      const r = ruleFor(address, undefined, parsed.port, `${entry} (${address})`);
      if (typeof r !== 'string') rules.push(r);
    }
  }
  return { ok: true, allow: new AllowList(rules) };
}
