/**
 * From one captured frame to a UDP datagram: the link layer (by pcap LINKTYPE), then IPv4 or IPv6,
 * then UDP. Pure and bounds-checked: a frame that is not UDP, is an IP fragment or was cut short by
 * the snapshot length is skipped with a reason, never thrown on. Checksums are not verified
 * (loopback captures often carry unfinished ones because of checksum offload).
 */
import type { Endpoint } from '../wire/endpoint';

export type SkipReason =
  /** The capture's link type is not one this reader knows (see LINK_TYPES). */
  | 'link-type-unsupported'
  /** The frame carries something other than IPv4 or IPv6 (ARP, LLDP, …). */
  | 'not-ip'
  /** An IP packet of another protocol (TCP, ICMP, …). */
  | 'not-udp'
  /** An IP fragment: datagrams are not reassembled. */
  | 'ip-fragment'
  /** The frame ends before its headers or lengths say it should (snapshot length too small). */
  | 'frame-truncated'
  /** A header field is impossible (IP version, header length, UDP length below 8). */
  | 'bad-header';

/** `src` and `dst` addresses: dotted IPv4, or IPv6 as RFC 5952 writes it. */
export type FrameResult =
  | { ok: true; src: Endpoint; dst: Endpoint; payload: Uint8Array }
  | { ok: false; reason: SkipReason };

/** Link types understood, by their pcap LINKTYPE_ number. */
export const LINK_TYPES = {
  0: 'NULL (BSD loopback, host byte order)',
  1: 'ETHERNET',
  101: 'RAW (IPv4 or IPv6)',
  108: 'LOOP (OpenBSD loopback, network byte order)',
  113: 'LINUX_SLL (Linux cooked v1)',
  228: 'IPV4',
  229: 'IPV6',
  276: 'LINUX_SLL2 (Linux cooked v2)',
} as const;

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);
// AF_INET6 differs by OS: Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30. AF_INET is 2.
const AF_INET6 = new Set([10, 24, 28, 30]);
const IPPROTO_UDP = 17;

const skip = (reason: SkipReason): FrameResult => ({ ok: false, reason });
const u16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];

/** Finds the UDP datagram in one frame of the given link type. */
export function udpFromFrame(linkType: number, frame: Uint8Array): FrameResult {
  switch (linkType) {
    case 0:
    case 108: {
      if (frame.length < 4) return skip('frame-truncated');
      const be = ((frame[0] << 24) | (frame[1] << 16) | (frame[2] << 8) | frame[3]) >>> 0;
      const le = ((frame[3] << 24) | (frame[2] << 16) | (frame[1] << 8) | frame[0]) >>> 0;
      if (be === 2 || le === 2) return fromIpv4(frame.subarray(4));
      if (AF_INET6.has(be) || AF_INET6.has(le)) return fromIpv6(frame.subarray(4));
      return skip('not-ip');
    }
    case 1: {
      let at = 12;
      if (frame.length < at + 2) return skip('frame-truncated');
      let type = u16(frame, at);
      while (VLAN_TAGS.has(type)) {
        at += 4;
        if (frame.length < at + 2) return skip('frame-truncated');
        type = u16(frame, at);
      }
      return byEthertype(type, frame.subarray(at + 2));
    }
    case 101: {
      if (frame.length < 1) return skip('frame-truncated');
      const version = frame[0] >> 4;
      if (version === 4) return fromIpv4(frame);
      if (version === 6) return fromIpv6(frame);
      return skip('not-ip');
    }
    case 113:
      if (frame.length < 16) return skip('frame-truncated');
      return byEthertype(u16(frame, 14), frame.subarray(16));
    case 276:
      if (frame.length < 20) return skip('frame-truncated');
      return byEthertype(u16(frame, 0), frame.subarray(20));
    case 228:
      return fromIpv4(frame);
    case 229:
      return fromIpv6(frame);
    default:
      return skip('link-type-unsupported');
  }
}

function byEthertype(type: number, packet: Uint8Array): FrameResult {
  if (type === ETHERTYPE_IPV4) return fromIpv4(packet);
  if (type === ETHERTYPE_IPV6) return fromIpv6(packet);
  return skip('not-ip');
}

// RFC 791 §3.1
function fromIpv4(p: Uint8Array): FrameResult {
  if (p.length < 20) return skip('frame-truncated');
  if (p[0] >> 4 !== 4) return skip('bad-header');
  const headerLength = (p[0] & 0x0f) * 4;
  const totalLength = u16(p, 2);
  if (headerLength < 20 || totalLength < headerLength) return skip('bad-header');
  if (totalLength > p.length) return skip('frame-truncated');
  const fragment = u16(p, 6);
  // More Fragments set, or a non-zero fragment offset.
  if ((fragment & 0x2000) !== 0 || (fragment & 0x1fff) !== 0) return skip('ip-fragment');
  if (p[9] !== IPPROTO_UDP) return skip('not-udp');
  return fromUdp(p.subarray(headerLength, totalLength), ipv4(p, 12), ipv4(p, 16));
}

// RFC 8200 §3–4: walk the extension headers to the upper layer.
function fromIpv6(p: Uint8Array): FrameResult {
  if (p.length < 40) return skip('frame-truncated');
  if (p[0] >> 4 !== 6) return skip('bad-header');
  const end = 40 + u16(p, 4);
  if (end > p.length) return skip('frame-truncated');
  let next = p[6];
  let at = 40;
  for (;;) {
    if (next === 0 || next === 43 || next === 60) {
      if (at + 2 > end) return skip('frame-truncated');
      const n = p[at];
      at += (p[at + 1] + 1) * 8;
      next = n;
    } else if (next === 44) {
      if (at + 8 > end) return skip('frame-truncated');
      const offsetAndMore = u16(p, at + 2);
      if ((offsetAndMore & 0xfff9) !== 0) return skip('ip-fragment');
      next = p[at];
      at += 8;
    } else if (next === 51) {
      if (at + 2 > end) return skip('frame-truncated');
      const n = p[at];
      at += (p[at + 1] + 2) * 4;
      next = n;
    } else break;
    if (at > end) return skip('frame-truncated');
  }
  if (next !== IPPROTO_UDP) return skip('not-udp');
  return fromUdp(p.subarray(at, end), ipv6(p, 8), ipv6(p, 24));
}

// RFC 768
function fromUdp(u: Uint8Array, srcAddress: string, dstAddress: string): FrameResult {
  if (u.length < 8) return skip('frame-truncated');
  const length = u16(u, 4);
  if (length < 8) return skip('bad-header');
  if (length > u.length) return skip('frame-truncated');
  return {
    ok: true,
    src: { address: srcAddress, port: u16(u, 0) },
    dst: { address: dstAddress, port: u16(u, 2) },
    payload: u.subarray(8, length),
  };
}

function ipv4(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** RFC 5952: lower-case hex, no leading zeros, the longest run of ≥ 2 zero groups as `::`. */
export function ipv6(b: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(u16(b, at + i * 2));
  // §5: an IPv4-mapped address keeps its IPv4 part dotted.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${ipv4(b, at + 12)}`;
  }
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}
