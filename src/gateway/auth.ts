import { topicMatches } from '../broker';
import type { GatewayConfig } from './config';

export type AuthResult = { ok: true } | { ok: false; reason: string };

/** The configured authenticator (gateway-behaviour §1.4 connect pipeline, §1.5 connectionless): none, or a users list. */
export function authenticate(
  config: GatewayConfig,
  username: string | undefined,
  password: string | undefined,
): AuthResult {
  const auth = config.authentication;
  if (auth.type === 'none') return { ok: true };
  const user = auth.users.find((u) => u.username === username);
  return user && user.password === password
    ? { ok: true }
    : { ok: false, reason: 'not_authorized' };
}

/** Authorization on the UNMOUNTED topic (gateway-behaviour §1.13): a deny-list of topic filters. */
export function authorize(
  config: GatewayConfig,
  action: 'publish' | 'subscribe',
  topic: string,
): boolean {
  return !config.deny.some(
    (d) =>
      (d.action === action || d.action === 'all') &&
      (d.topic === topic || topicMatches(d.topic, topic)),
  );
}

/** Resolves `${clientid}` and `${username}` in the mountpoint at connect/auth time (gateway-behaviour §1.13). */
export function resolveMountpoint(
  template: string,
  clientId: string,
  username: string | undefined,
): string {
  return template
    .replace(/\$\{clientid\}/g, clientId)
    .replace(/\$\{username\}/g, username ?? 'undefined');
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** emqx_utils:rand_id(16): 16 base62 characters, the first a letter (gateway-behaviour §1.5). */
export function randomClientId(next: () => number): string {
  let s = BASE62[Math.floor(next() * 52)];
  for (let i = 1; i < 16; i++) s += BASE62[Math.floor(next() * 62)];
  return s;
}
