// One frame → one UDP datagram, for every link type the reader knows, and why others are skipped.
import { describe, expect, it } from 'vitest';
import { toHex } from '../coap';
import { ipv6 as formatIpv6, udpFromFrame, type FrameResult } from './frames';
import * as build from './testing/fixtures/build';

const coap = Uint8Array.of(0x40, 0x01, 0x12, 0x34);
const A4 = [192, 0, 2, 1];
const B4 = [192, 0, 2, 2];
const A6 = [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1];
const LOOPBACK6 = [...new Array(15).fill(0), 1];
const v4 = build.ipv4(A4, B4, build.udp(40000, 5683, coap));
const v6 = build.ipv6(A6, LOOPBACK6, build.udp(40001, 5683, coap));

function datagram(r: FrameResult) {
  if (!r.ok) throw new Error(r.reason);
  return [r.src.address, r.src.port, r.dst.address, r.dst.port, toHex(r.payload)];
}
const fromV4 = ['192.0.2.1', 40000, '192.0.2.2', 5683, '40011234'];
const fromV6 = ['2001:db8::1', 40001, '::1', 5683, '40011234'];

describe('link types', () => {
  it.each([
    ['Ethernet (1), IPv4', 1, build.ethernet(0x0800, v4), fromV4],
    ['Ethernet (1), IPv6', 1, build.ethernet(0x86dd, v6), fromV6],
    ['Ethernet with an 802.1Q VLAN tag', 1, build.ethernet(0x0800, v4, [0x8100]), fromV4],
    ['Ethernet with QinQ tags', 1, build.ethernet(0x86dd, v6, [0x88a8, 0x8100]), fromV6],
    ['raw IP (101), IPv4', 101, v4, fromV4],
    ['raw IP (101), IPv6', 101, v6, fromV6],
    ['IPv4 (228)', 228, v4, fromV4],
    ['IPv6 (229)', 229, v6, fromV6],
    ['Linux cooked (113), IPv4', 113, build.sll(0x0800, v4), fromV4],
    ['Linux cooked (113), IPv6', 113, build.sll(0x86dd, v6), fromV6],
    ['Linux cooked v2 (276), IPv4', 276, build.sll2(0x0800, v4), fromV4],
    ['Linux cooked v2 (276), IPv6', 276, build.sll2(0x86dd, v6), fromV6],
    ['null/loopback (0), AF_INET little-endian', 0, build.nullLink(2, v4), fromV4],
    ['null/loopback (0), AF_INET big-endian', 0, build.nullLink(2, v4, false), fromV4],
    ['null/loopback (0), AF_INET6 Linux (10)', 0, build.nullLink(10, v6), fromV6],
    ['null/loopback (0), AF_INET6 macOS (30)', 0, build.nullLink(30, v6, false), fromV6],
    ['OpenBSD loop (108), AF_INET6 (24)', 108, build.nullLink(24, v6, false), fromV6],
  ])('%s', (_, linkType, frame, expected) => {
    expect(datagram(udpFromFrame(linkType, frame))).toEqual(expected);
  });

  it('ignores Ethernet padding after a short IPv4 packet (uses the IP total length)', () => {
    const padded = build.concat(build.ethernet(0x0800, v4), new Array(18).fill(0xee));
    expect(datagram(udpFromFrame(1, padded))).toEqual(fromV4);
  });

  it('walks IPv6 hop-by-hop, destination options and an atomic fragment header to UDP', () => {
    const ext: [number, number[]][] = [
      [0, [0, 1, 4, 0, 0, 0, 0]],
      [60, [0, 1, 4, 0, 0, 0, 0]],
      [44, [0, 0, 0, 0, 0, 0, 1]],
    ];
    const packet = build.ipv6(A6, LOOPBACK6, build.udp(40001, 5683, coap), { ext });
    expect(datagram(udpFromFrame(229, packet))).toEqual(fromV6);
  });

  it('gives an empty payload for a UDP datagram with nothing after its header', () => {
    const empty = build.ipv4(A4, B4, build.udp(1, 2, new Uint8Array(0)));
    expect(datagram(udpFromFrame(228, empty))).toEqual(['192.0.2.1', 1, '192.0.2.2', 2, '']);
  });
});

describe('frames it skips, and why', () => {
  const skipped = (linkType: number, frame: Uint8Array) => {
    const r = udpFromFrame(linkType, frame);
    return r.ok ? 'ok' : r.reason;
  };
  const udpBytes = build.udp(40000, 5683, coap);

  it.each([
    ['an unsupported link type (802.11, 105)', 105, v4, 'link-type-unsupported'],
    ['ARP on Ethernet', 1, build.ethernet(0x0806, new Uint8Array(28)), 'not-ip'],
    ['an unknown address family on null/loopback', 0, build.nullLink(7, v4), 'not-ip'],
    ['raw IP that is neither version 4 nor 6', 101, build.concat([0x50], v4.subarray(1)), 'not-ip'],
    ['TCP', 228, build.ipv4(A4, B4, new Uint8Array(20), { protocol: 6 }), 'not-udp'],
    ['ICMPv6', 229, build.ipv6(A6, LOOPBACK6, new Uint8Array(8), { next: 58 }), 'not-udp'],
    [
      'an IPv4 first fragment (more fragments set)',
      228,
      build.ipv4(A4, B4, udpBytes, { fragment: 0x2000 }),
      'ip-fragment',
    ],
    [
      'an IPv4 later fragment (offset 185)',
      228,
      build.ipv4(A4, B4, udpBytes, { fragment: 185 }),
      'ip-fragment',
    ],
    [
      'an IPv6 fragment with an offset',
      229,
      build.ipv6(A6, LOOPBACK6, udpBytes, { ext: [[44, [0, 0, 8, 0, 0, 0, 1]]] }),
      'ip-fragment',
    ],
    [
      'an Ethernet frame cut inside the header',
      1,
      build.ethernet(0x0800, v4).subarray(0, 13),
      'frame-truncated',
    ],
    [
      'an IPv4 packet cut by the snap length',
      228,
      v4.subarray(0, v4.length - 1),
      'frame-truncated',
    ],
    ['an IPv6 packet cut by the snap length', 229, v6.subarray(0, 50), 'frame-truncated'],
    ['a cooked frame shorter than its header', 113, new Uint8Array(15), 'frame-truncated'],
    ['IPv4 with header length 4 words', 228, build.concat([0x44], v4.subarray(1)), 'bad-header'],
    ['IPv4 labelled version 6', 228, build.concat([0x65], v4.subarray(1)), 'bad-header'],
    ['IPv6 labelled version 4', 229, build.concat([0x40], v6.subarray(1)), 'bad-header'],
    [
      'a UDP length under 8',
      228,
      build.ipv4(A4, B4, build.concat([0, 1, 0, 2, 0, 4, 0, 0], coap)),
      'bad-header',
    ],
    [
      'a UDP length past the IP packet',
      228,
      build.ipv4(A4, B4, build.concat([0, 1, 0, 2, 0, 99, 0, 0], coap)),
      'frame-truncated',
    ],
  ])('skips %s', (_, linkType, frame, reason) => {
    expect(skipped(linkType, frame)).toBe(reason);
  });
});

describe('IPv6 addresses as RFC 5952 writes them', () => {
  const text = (groups: number[]) => {
    const b = new Uint8Array(16);
    groups.forEach((g, i) => {
      b[2 * i] = g >> 8;
      b[2 * i + 1] = g & 0xff;
    });
    return formatIpv6(b, 0);
  };
  it.each([
    [[0, 0, 0, 0, 0, 0, 0, 0], '::'],
    [[0, 0, 0, 0, 0, 0, 0, 1], '::1'],
    [[0x2001, 0xdb8, 0, 0, 0, 0, 0, 1], '2001:db8::1'],
    [[0x2001, 0xdb8, 0, 0, 1, 0, 0, 1], '2001:db8::1:0:0:1'],
    [[0x2001, 0xdb8, 0, 1, 1, 1, 1, 1], '2001:db8:0:1:1:1:1:1'],
    [[0x2001, 0xdb8, 0, 0, 0, 1, 0, 0], '2001:db8::1:0:0'],
    [[0xfe80, 0, 0, 0, 0x1ff, 0xfe23, 0x4567, 0x890a], 'fe80::1ff:fe23:4567:890a'],
    [[1, 0, 0, 0, 0, 0, 0, 0], '1::'],
    [[0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201], '::ffff:192.0.2.1'],
  ])('%j is %s', (groups, expected) => {
    expect(text(groups)).toBe(expected);
  });
});
