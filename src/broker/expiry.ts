/**
 * Message Expiry Interval (MQTT 5.0 §3.3.2.3.3), as the reference broker applies it.
 *
 * MQTT 5: "If absent, the Application Message does not expire"; if present, it is the lifetime
 * in seconds, and once it has passed the Server MUST delete its copy [MQTT-3.3.2-5].
 * The reference (EMQX `emqx_message:is_expired/2`) counts a message expired when the time since
 * it was published is strictly MORE than the interval. So `expiry=0` is still delivered at the
 * instant of publishing and expired one millisecond later, except in the retained store, where
 * EMQX's retainer (`emqx_retainer:get_expiry_time/1`) reads 0 as "never expires". The seed
 * document's "0 = never" (gateway-behaviour §4 #10) is therefore true for retained messages only.
 */
import type { MqttMessage } from './types';

/** Largest Message Expiry Interval: a Four Byte Integer (MQTT 5.0 §1.5.3). */
export const MAX_EXPIRY_INTERVAL = 0xffff_ffff;

/** Whether the message has outlived its expiry interval at `now` (ms). */
export function isExpired(msg: MqttMessage, now: number): boolean {
  if (msg.expiryInterval === undefined) return false;
  return now - msg.publishedAt > msg.expiryInterval * 1000;
}

/** As `isExpired`, for the retained store: EMQX's retainer keeps an interval of 0 forever. */
export function isRetainedExpired(msg: MqttMessage, now: number): boolean {
  return msg.expiryInterval !== 0 && isExpired(msg, now);
}

/**
 * The Message Expiry Interval to forward at `now`, in whole seconds: "the received value minus
 * the time that the Application Message has been waiting in the Server" [MQTT-3.3.2-6].
 * Undefined when the message has none. Like EMQX (`emqx_message:update_expiry/1`), once any time
 * has passed the result is `max(1, interval - whole seconds waited)`, so a message still being
 * delivered never goes out with 0; at the instant of publishing it is the interval unchanged.
 */
export function remainingExpiry(msg: MqttMessage, now: number): number | undefined {
  const interval = msg.expiryInterval;
  if (interval === undefined) return undefined;
  const waited = now - msg.publishedAt;
  if (waited <= 0) return interval;
  return Math.max(1, interval - Math.floor(waited / 1000));
}
