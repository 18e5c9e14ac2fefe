import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { endpointKey } from './endpoint';

describe('endpointKey', () => {
  it('writes IPv4 as address:port and IPv6 in brackets, as the page shows them', () => {
    expect(endpointKey({ address: '192.0.2.1', port: 5683 })).toBe('192.0.2.1:5683');
    expect(endpointKey({ address: '::1', port: 5683 })).toBe('[::1]:5683');
    expect(endpointKey({ address: '::ffff:192.0.2.1', port: 1 })).toBe('[::ffff:192.0.2.1]:1');
  });

  it('gives two endpoints the same key only when address and port are the same', () => {
    const v4 = fc.ipV4();
    const v6 = fc.ipV6();
    const endpoint = fc.record({
      address: fc.oneof(v4, v6),
      port: fc.integer({ min: 0, max: 65535 }),
    });
    fc.assert(
      fc.property(endpoint, endpoint, (a, b) => {
        const same = a.address === b.address && a.port === b.port;
        expect(endpointKey(a) === endpointKey(b)).toBe(same);
      }),
    );
  });
});
