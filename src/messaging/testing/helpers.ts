// Test-only helpers for the message-layer tests; not exported from the layer's index.
import { expect } from 'vitest';
import type { CoapMessage, MessageType } from '../../coap';
import { CODES, EMPTY } from '../../coap';
import type { Inbound, MessageLayerOptions } from '../layer';
import { MessageLayer } from '../layer';
import type { TransmissionParams } from '../params';
import { RFC7252_PARAMS } from '../params';
import { SeededRandom } from '../random';

export const TOKEN = Uint8Array.of(0xca, 0xfe);

/** A message of `type` with a token unless it is Empty (code 0.00). */
export function message(
  type: MessageType,
  messageId: number,
  code: number = CODES.GET,
): CoapMessage {
  return { type, code, messageId, token: code === 0 ? EMPTY : TOKEN, options: [], payload: EMPTY };
}

/** A random source that always draws `value` (to reach the ends of a range). */
export class FixedRandom extends SeededRandom {
  constructor(private readonly value: number) {
    super(0);
  }
  override next(): number {
    return this.value;
  }
}

/** The largest float below 1, the top of `next()`'s range. */
export const ALMOST_ONE = 1 - 2 ** -53;

/** The reference gateway's timing (gateway-behaviour §1.11): initial timeout 2000 + rand(1..1000) ms, doubling. */
export const REFERENCE_GATEWAY_PARAMS: TransmissionParams = {
  ...RFC7252_PARAMS,
  initialTimeout: (random) => 2000 + random.int(1, 1000),
};

/** EMQX 5.x (gateway-behaviour §1.10): retry_interval started at 0, so after the first timeout the rest fire at once. */
export const LEGACY_GATEWAY_PARAMS: TransmissionParams = {
  ...REFERENCE_GATEWAY_PARAMS,
  nextTimeout: () => 0,
};

/** A message layer on a fixed seed, with any options overridden. */
export const layer = (options: Partial<MessageLayerOptions> = {}): MessageLayer =>
  new MessageLayer({ random: new SeededRandom(2024), ...options });

/** Asserts the kind of an inbound classification and narrows it. */
export function expectKind<K extends Inbound['kind']>(
  inbound: Inbound,
  kind: K,
): Extract<Inbound, { kind: K }> {
  expect(inbound.kind).toBe(kind);
  return inbound as Extract<Inbound, { kind: K }>;
}
