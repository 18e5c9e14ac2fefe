import type { GatewayConfig, NotifyType, Profile, QosMode } from './config';
import { DEFAULT_CONFIG, makeConfig, parseDuration } from './config';
import { msg } from '../wire/msg';
import type { Msg, MsgParam } from '../wire/msg';

/**
 * Gateway settings in a URL query, with the reference's configuration key names, e.g.
 * `?connection_required=true&heartbeat=30s&notify_type=qos&publish_qos=coap&subscribe_qos=coap&mountpoint=&profile=6.x`.
 * Unknown keys and bad values give a notice and fall back to the default.
 */
export interface ConfigQueryResult {
  patch: Partial<GatewayConfig>;
  /** Messages of the `notices` namespace: the page says them in its language. */
  notices: Msg[];
}

const BOOL: Record<string, boolean> = { true: true, false: false, '1': true, '0': false };
const NOTIFY: readonly NotifyType[] = ['qos', 'con', 'non'];
const QOS_MODES: readonly QosMode[] = ['coap', 'qos0', 'qos1', 'qos2'];
const PROFILES: readonly Profile[] = ['6.x', '5.x'];

/** Keys the page itself uses in its URL; the gateway ignores them without a notice. */
export const PAGE_KEYS = new Set(['seed', 'scenario', 'view', 'lesson', 'lang']);

/** Keys the host reads itself (not gateway settings): `broker`, the real MQTT broker's URL. */
export const HOST_KEYS = new Set(['broker']);

/**
 * The `broker` setting: empty for the built-in broker model, else the `ws://` or `wss://` URL of
 * a real broker's MQTT-over-WebSocket listener (the worker speaks MQTT 5 to it with mqtt.js).
 */
/** The URLs a broker notice names, as written in an address. */
const BROKER_URLS = {
  ws: 'ws://host:port',
  wss: 'wss://host:port',
  example: 'ws://127.0.0.1:9001',
};

export function parseBrokerUrl(
  value: string,
): { ok: true; url: string } | { ok: false; error: Msg } {
  const v = value.trim();
  if (v === '') return { ok: true, url: '' };
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    return {
      ok: false,
      error: msg('notices:broker.not-url', { setting: `broker=${value}`, ...BROKER_URLS }),
    };
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    return {
      ok: false,
      error: msg('notices:broker.not-ws', {
        setting: `broker=${value}`,
        listener: 'protocol websockets',
      }),
    };
  return { ok: true, url: v };
}

export function parseConfigQuery(search: string): ConfigQueryResult {
  const params = new URLSearchParams(search);
  const patch: Partial<GatewayConfig> = {};
  const notices: Msg[] = [];
  const blockwise: Partial<GatewayConfig['blockwise']> = {};
  const deny: GatewayConfig['deny'] = [];
  // `expected` and `fallback`: values as written in a query (strings), or words (messages).
  const bad = (key: string, value: string, expected: MsgParam, fallback: MsgParam | boolean) =>
    notices.push(
      msg('notices:setting.invalid', {
        setting: `${key}=${value}`,
        expected,
        fallback: typeof fallback === 'object' ? fallback : JSON.stringify(fallback),
      }),
    );
  const oneOf = <T extends string>(
    key: string,
    value: string,
    allowed: readonly T[],
    fallback: T,
  ): T | undefined => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    bad(key, value, allowed.join(' | '), fallback);
    return undefined;
  };
  for (const [key, value] of params) {
    switch (key) {
      case 'connection_required': {
        const b = BOOL[value];
        if (b === undefined) bad(key, value, 'true | false', DEFAULT_CONFIG.connection_required);
        else patch.connection_required = b;
        break;
      }
      case 'heartbeat': {
        const s = parseDuration(value);
        if (s === undefined || s < 1 || s > 86_400)
          bad(key, value, msg('notices:expected.duration'), '30s');
        else patch.heartbeat = s;
        break;
      }
      case 'notify_type': {
        const v = oneOf(key, value, NOTIFY, DEFAULT_CONFIG.notify_type);
        if (v) patch.notify_type = v;
        break;
      }
      case 'publish_qos':
      case 'subscribe_qos': {
        const v = oneOf(key, value, QOS_MODES, 'coap');
        if (v) patch[key] = v;
        break;
      }
      case 'mountpoint':
        patch.mountpoint = value;
        break;
      case 'profile': {
        const v = oneOf(key, value, PROFILES, DEFAULT_CONFIG.profile);
        if (v) patch.profile = v;
        break;
      }
      case 'security_profile': {
        const v = oneOf(
          key,
          value,
          ['legacy', 'hardened'] as const,
          DEFAULT_CONFIG.security_profile,
        );
        if (v) patch.security_profile = v;
        break;
      }
      case 'users': {
        // users=admin:public,alice:secret
        const users = value
          .split(',')
          .filter(Boolean)
          .map((pair) => {
            const i = pair.indexOf(':');
            return i < 0 ? undefined : { username: pair.slice(0, i), password: pair.slice(i + 1) };
          });
        if (users.some((u) => u === undefined) || users.length === 0)
          bad(key, value, msg('notices:expected.users'), msg('notices:fallback.no-authentication'));
        else
          patch.authentication = {
            type: 'users',
            users: users as { username: string; password: string }[],
          };
        break;
      }
      case 'deny': {
        // deny=publish:secret/%23 (repeatable): an authorization deny rule (gateway-behaviour §1.13).
        const i = value.indexOf(':');
        const action = value.slice(0, i);
        if (i < 0 || !['publish', 'subscribe', 'all'].includes(action) || value.length === i + 1) {
          bad(key, value, 'publish|subscribe|all:<topic filter>', msg('notices:fallback.no-rule'));
        } else
          deny.push({
            action: action as 'publish' | 'subscribe' | 'all',
            topic: value.slice(i + 1),
          });
        break;
      }
      case 'blockwise.enable': {
        const b = BOOL[value];
        if (b === undefined) bad(key, value, 'true | false', true);
        else blockwise.enable = b;
        break;
      }
      case 'blockwise.max_block_size': {
        const n = Number(value);
        if (![16, 32, 64, 128, 256, 512, 1024].includes(n))
          bad(key, value, '16 | 32 | 64 | 128 | 256 | 512 | 1024', 1024);
        else blockwise.max_block_size = n;
        break;
      }
      case 'blockwise.max_body_size': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 16)
          bad(key, value, msg('notices:expected.bytes'), DEFAULT_CONFIG.blockwise.max_body_size);
        else blockwise.max_body_size = n;
        break;
      }
      default:
        if (!PAGE_KEYS.has(key) && !HOST_KEYS.has(key))
          notices.push(msg('notices:setting.unknown', { quoted: `'${key}'` }));
    }
  }
  if (deny.length) patch.deny = deny;
  if (Object.keys(blockwise).length)
    patch.blockwise = { ...DEFAULT_CONFIG.blockwise, ...blockwise };
  return { patch, notices };
}

/** The settings as a URL query (without `?`), so a link reproduces the setup. */
export function configToQuery(config: GatewayConfig): string {
  const c = makeConfig(config);
  const p = new URLSearchParams();
  p.set('connection_required', String(c.connection_required));
  p.set('heartbeat', `${c.heartbeat}s`);
  p.set('notify_type', c.notify_type);
  p.set('publish_qos', c.publish_qos);
  p.set('subscribe_qos', c.subscribe_qos);
  p.set('mountpoint', c.mountpoint);
  p.set('profile', c.profile);
  if (c.security_profile !== DEFAULT_CONFIG.security_profile)
    p.set('security_profile', c.security_profile);
  if (c.authentication.type === 'users')
    p.set('users', c.authentication.users.map((u) => `${u.username}:${u.password}`).join(','));
  for (const d of c.deny) p.append('deny', `${d.action}:${d.topic}`);
  if (!c.blockwise.enable) p.set('blockwise.enable', 'false');
  if (c.blockwise.max_block_size !== 1024)
    p.set('blockwise.max_block_size', String(c.blockwise.max_block_size));
  if (c.blockwise.max_body_size !== DEFAULT_CONFIG.blockwise.max_body_size)
    p.set('blockwise.max_body_size', String(c.blockwise.max_body_size));
  return p.toString();
}
