/**
 * A UDP endpoint: what the gateway calls a peer, the relay a datagram's source or destination, a
 * capture a packet's end and the page an address it shows. One type and one key for all of them.
 * Pure: imports nothing.
 */
export interface Endpoint {
  /** Dotted IPv4, or IPv6 without brackets (`::1`, `2001:db8::1`, `::ffff:192.0.2.1`). */
  address: string;
  port: number;
}

/**
 * The endpoint as the page shows it and as a Map key: `192.0.2.1:5683`, `[2001:db8::1]:5683`.
 * Two endpoints have the same key exactly when they have the same address and port.
 */
export const endpointKey = (e: Endpoint): string =>
  e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
