/** Builders shared by the broker tests (not exported from index.ts). */
import type { MqttMessage, Subscriber, SubscriptionOptions } from '../types';

export const text = (s: string): Uint8Array => new TextEncoder().encode(s);
export const EMPTY = new Uint8Array(0);

export const mqtt = (clientId: string): Subscriber => ({
  id: `mqtt:${clientId}`,
  clientId,
  kind: 'mqtt',
});

export const coap = (channel: string, clientId = channel): Subscriber => ({
  id: `coap:${channel}`,
  clientId,
  kind: 'coap',
});

/** Subscription options; the defaults are MQTT's: QoS 1 here, nl 0, rh 0, rap 0. */
export const opts = (o: Partial<SubscriptionOptions> = {}): SubscriptionOptions => ({
  qos: 1,
  nl: false,
  rh: 0,
  rap: false,
  ...o,
});

/** A message to publish, at time `publishedAt` (default 0), from `pub`. */
export const msg = (
  topic: string,
  o: Partial<Omit<MqttMessage, 'id' | 'topic'>> = {},
): Omit<MqttMessage, 'id'> => ({
  topic,
  payload: text('x'),
  qos: 0,
  retain: false,
  publishedAt: 0,
  from: 'pub',
  ...o,
});

/** Narrows a result to its `ok: true` side, failing the test with its error otherwise. */
export function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}
