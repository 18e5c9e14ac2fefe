/**
 * Query parameters (gateway-behaviour §1.7, emqx_coap_frame / emqx_coap_message): every Uri-Query entry is split
 * on `=`; only entries with exactly one `=` survive; short names expand to long ones and win over
 * them; for duplicate keys the last one wins.
 */
export const SHORT_NAMES = {
  c: 'clientid',
  t: 'token',
  u: 'username',
  p: 'password',
  q: 'qos',
  r: 'retain',
} as const;

/** Every parameter of the client API, for builders and explanations. */
export const PARAMETERS = [
  {
    name: 'clientid',
    short: 'c',
    used: 'connect, every request in connection mode; optional in connectionless',
  },
  { name: 'token', short: 't', used: 'every request but connect, in connection mode' },
  { name: 'username', short: 'u', used: 'connect; connectionless authentication' },
  { name: 'password', short: 'p', used: 'connect; connectionless authentication' },
  {
    name: 'qos',
    short: 'q',
    used: 'publish (MQTT QoS) and subscribe (subscription QoS): 0, 1 or 2',
  },
  { name: 'retain', short: 'r', used: 'publish: only the exact string `true` sets retain' },
  { name: 'expiry', short: undefined, used: 'publish: Message-Expiry-Interval in seconds' },
  { name: 'nl', short: undefined, used: 'subscribe: no-local (stored, not enforced for CoAP)' },
  { name: 'rh', short: undefined, used: 'subscribe: retain handling' },
] as const;

export interface ParsedQuery {
  params: Map<string, string>;
  /** Entries dropped because they did not have exactly one `=`. */
  dropped: string[];
}

export function parseQuery(entries: readonly string[]): ParsedQuery {
  const long = new Map<string, string>();
  const short = new Map<string, string>();
  const dropped: string[] = [];
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq < 0 || entry.indexOf('=', eq + 1) >= 0) {
      dropped.push(entry);
      continue;
    }
    const key = entry.slice(0, eq);
    const value = entry.slice(eq + 1);
    const expanded = (SHORT_NAMES as Record<string, string>)[key];
    if (expanded) short.set(expanded, value);
    else long.set(key, value);
  }
  // A short name overwrites its long form, whatever the order (expand_short_param_name/1).
  for (const [k, v] of short) long.set(k, v);
  return { params: long, dropped };
}

/**
 * `binary_to_integer` as the reference calls it, unguarded: undefined means the channel would crash
 * (gateway-behaviour §1.7: `qos=abc` leaves no reply and the channel gone).
 */
export function strictInteger(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}
