import type { Random } from './random';

/**
 * Transmission parameters (RFC 7252 §4.8) and how retransmission timeouts grow. The defaults are the
 * RFC's; the gateway passes the reference gateway's variant (gateway-behaviour §1.11).
 */
export interface TransmissionParams {
  /** Retransmissions of a CON before giving up. RFC 7252 §4.8: MAX_RETRANSMIT = 4. */
  maxRetransmit: number;
  /** The first timeout of a CON, in ms. RFC 7252 §4.2: ACK_TIMEOUT × a random factor in [1, ACK_RANDOM_FACTOR). */
  initialTimeout(random: Random): number;
  /** The timeout after `previous`, in ms. RFC 7252 §4.2: doubled. */
  nextTimeout(previous: number): number;
  /** How long a CON's Message ID is remembered for dedup. RFC 7252 §4.8.2: EXCHANGE_LIFETIME = 247 s. */
  exchangeLifetime: number;
  /** How long a NON's Message ID is remembered. RFC 7252 §4.8.2: NON_LIFETIME = 145 s. */
  nonLifetime: number;
}

export const ACK_TIMEOUT = 2000;
/** RFC 7252 §4.8.2: MAX_TRANSMIT_SPAN 45 s + 2 × MAX_LATENCY 100 s + PROCESSING_DELAY 2 s. */
export const EXCHANGE_LIFETIME = 247_000;
/** RFC 7252 §4.8.2: MAX_TRANSMIT_SPAN 45 s + MAX_LATENCY 100 s. */
export const NON_LIFETIME = 145_000;
export const ACK_RANDOM_FACTOR = 1.5;

export const RFC7252_PARAMS: TransmissionParams = {
  maxRetransmit: 4,
  initialTimeout: (random) => ACK_TIMEOUT * (1 + random.next() * (ACK_RANDOM_FACTOR - 1)),
  nextTimeout: (previous) => previous * 2,
  exchangeLifetime: EXCHANGE_LIFETIME,
  nonLifetime: NON_LIFETIME,
};
