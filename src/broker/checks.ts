/**
 * The MQTT 5 rules a publish and a subscription must follow before any broker takes them: the
 * built-in model and the link to a real broker (src/worker/remote-broker.ts) check the same way.
 */
import { MAX_EXPIRY_INTERVAL } from './expiry';
import { validateTopicFilter } from './topic';
import type { QoS, SubscriptionOptions } from './types';

type Check = { ok: true } | { ok: false; error: string };

export const isQoS = (q: number): q is QoS => q === 0 || q === 1 || q === 2;

/** QoS and Message Expiry Interval of a PUBLISH (the topic name is checked apart). */
export function checkPublishFields(msg: { qos: number; expiryInterval?: number }): Check {
  if (!isQoS(msg.qos))
    return {
      ok: false,
      error: `QoS ${msg.qos}: a PUBLISH Packet MUST NOT have both QoS bits set to 1 [MQTT-3.3.1-4]; use 0, 1 or 2.`,
    };
  const interval = msg.expiryInterval;
  if (
    interval !== undefined &&
    !(Number.isInteger(interval) && interval >= 0 && interval <= MAX_EXPIRY_INTERVAL)
  )
    return {
      ok: false,
      error: `Message Expiry Interval ${interval} is not a Four Byte Integer (MQTT 5.0 §3.3.2.3.3); use whole seconds from 0 to ${MAX_EXPIRY_INTERVAL}, or leave it out for "never expires".`,
    };
  return { ok: true };
}

/** A SUBSCRIBE's topic filter, then its Maximum QoS and Retain Handling. */
export function checkSubscription(filter: string, options: SubscriptionOptions): Check {
  const f = validateTopicFilter(filter);
  return f.ok ? checkSubscriptionOptions(options) : f;
}

function checkSubscriptionOptions(options: SubscriptionOptions): Check {
  if (!isQoS(options.qos))
    return {
      ok: false,
      error: `Maximum QoS ${options.qos} is a Protocol Error (MQTT 5.0 §3.8.3.1); use 0, 1 or 2.`,
    };
  if (options.rh !== 0 && options.rh !== 1 && options.rh !== 2)
    return {
      ok: false,
      error: `Retain Handling ${options.rh} is a Protocol Error (MQTT 5.0 §3.8.3.1); use 0, 1 or 2.`,
    };
  return { ok: true };
}
