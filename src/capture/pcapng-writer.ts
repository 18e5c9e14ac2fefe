/**
 * Writes UDP datagrams as a pcapng file Wireshark and tshark open (pcapng spec,
 * draft-ietf-opsawg-pcapng): one Section Header Block, one Interface Description Block with
 * LINKTYPE_RAW (101: each packet starts with its IPv4 or IPv6 header), then one Enhanced Packet
 * Block per datagram with a microsecond timestamp. IP and UDP checksums are computed, so the
 * packets are valid on the wire. Pure: bytes in, bytes out.
 */
import type { Endpoint } from '../wire/endpoint';

export interface CaptureDatagram {
  /** Milliseconds since the Unix epoch (fractions kept to the microsecond). */
  timeMs: number;
  src: Endpoint;
  dst: Endpoint;
  payload: Uint8Array;
  /** A per-packet comment (opt_comment), e.g. "lost on the virtual network". */
  comment?: string;
}

const LINKTYPE_RAW = 101;
const encoder = new TextEncoder();

function ipv4(a: string): number[] | undefined {
  const p = a.split('.').map(Number);
  return p.length === 4 && p.every((n) => Number.isInteger(n) && n >= 0 && n <= 255)
    ? p
    : undefined;
}

function ipv6(a: string): number[] | undefined {
  const halves = a.split('%')[0].split('::');
  if (halves.length > 2) return undefined;
  const words = (s: string): number[] | undefined => {
    if (!s) return [];
    const parts = s.split(':');
    // An embedded IPv4 address (`::ffff:192.0.2.1`) is the last two words.
    const v4 = parts.at(-1)?.includes('.') ? ipv4(parts.pop() as string) : [];
    if (!v4 || !parts.every((w) => /^[0-9a-fA-F]{1,4}$/.test(w))) return undefined;
    return [
      ...parts.map((w) => parseInt(w, 16)),
      ...(v4.length ? [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]] : []),
    ];
  };
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  if (!head || !tail) return undefined;
  const gap = 8 - head.length - tail.length;
  if (halves.length === 2 ? gap < 1 : gap !== 0) return undefined;
  const all = [...head, ...new Array<number>(gap).fill(0), ...tail];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

/** RFC 1071 ones'-complement sum over 16-bit words. */
function checksum(parts: ArrayLike<number>[]): number {
  let sum = 0;
  let odd: number | undefined;
  for (const part of parts) {
    for (let i = 0; i < part.length; i++) {
      if (odd === undefined) odd = part[i];
      else {
        sum += (odd << 8) | part[i];
        odd = undefined;
      }
    }
  }
  if (odd !== undefined) sum += odd << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** The IP packet (header + UDP header + payload) carrying one datagram. */
export function ipPacket(d: CaptureDatagram): Uint8Array {
  const s4 = ipv4(d.src.address);
  const d4 = ipv4(d.dst.address);
  const udpLength = 8 + d.payload.length;
  const udp = [
    d.src.port >> 8,
    d.src.port & 0xff,
    d.dst.port >> 8,
    d.dst.port & 0xff,
    udpLength >> 8,
    udpLength & 0xff,
    0,
    0,
  ];
  let header: number[];
  let pseudo: number[];
  if (s4 && d4) {
    const total = 20 + udpLength;
    header = [0x45, 0, total >> 8, total & 0xff, 0, 0, 0x40, 0, 64, 17, 0, 0, ...s4, ...d4];
    const c = checksum([header]);
    header[10] = c >> 8;
    header[11] = c & 0xff;
    pseudo = [...s4, ...d4, 0, 17, udpLength >> 8, udpLength & 0xff];
  } else {
    const s6 =
      ipv6(d.src.address) ?? ipv6(`::ffff:${d.src.address}`) ?? new Array<number>(16).fill(0);
    const d6 =
      ipv6(d.dst.address) ?? ipv6(`::ffff:${d.dst.address}`) ?? new Array<number>(16).fill(0);
    header = [0x60, 0, 0, 0, udpLength >> 8, udpLength & 0xff, 17, 64, ...s6, ...d6];
    pseudo = [...s6, ...d6, 0, 0, udpLength >> 8, udpLength & 0xff, 0, 0, 0, 17];
  }
  let c = checksum([pseudo, udp, d.payload]);
  if (c === 0) c = 0xffff; // RFC 768: a computed zero is sent as all ones
  udp[6] = c >> 8;
  udp[7] = c & 0xff;
  const out = new Uint8Array(header.length + 8 + d.payload.length);
  out.set(header, 0);
  out.set(udp, header.length);
  out.set(d.payload, header.length + 8);
  return out;
}

class Writer {
  private chunks: Uint8Array[] = [];
  private size = 0;
  block(type: number, body: Uint8Array): void {
    const total = 12 + body.length;
    const b = new Uint8Array(total);
    const v = new DataView(b.buffer);
    v.setUint32(0, type, true);
    v.setUint32(4, total, true);
    b.set(body, 8);
    v.setUint32(total - 4, total, true);
    this.chunks.push(b);
    this.size += total;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}

/** Options (code, value) padded to 32 bits, ending with opt_endofopt. */
function options(list: Array<[number, Uint8Array]>): Uint8Array {
  if (list.length === 0) return new Uint8Array(0);
  let size = 4;
  for (const [, v] of list) size += 4 + ((v.length + 3) & ~3);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const [code, v] of list) {
    view.setUint16(o, code, true);
    view.setUint16(o + 2, v.length, true);
    out.set(v, o + 4);
    o += 4 + ((v.length + 3) & ~3);
  }
  return out; // the trailing 4 zero bytes are opt_endofopt
}

const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

/** A pcapng file of the datagrams, in the order given. */
export function writePcapng(
  datagrams: readonly CaptureDatagram[],
  application = 'CoAP Gateway Playground',
): Uint8Array {
  const w = new Writer();
  const shb = new Uint8Array(16);
  const shv = new DataView(shb.buffer);
  shv.setUint32(0, 0x1a2b3c4d, true); // byte-order magic
  shv.setUint16(4, 1, true); // major version
  shv.setUint16(6, 0, true); // minor version
  shv.setBigInt64(8, -1n, true); // section length: unknown
  w.block(0x0a0d0d0a, concat(shb, options([[4, encoder.encode(application)]]))); // shb_userappl
  const idb = new Uint8Array(8);
  const idv = new DataView(idb.buffer);
  idv.setUint16(0, LINKTYPE_RAW, true);
  idv.setUint32(4, 0, true); // snaplen: no limit
  w.block(0x00000001, concat(idb, options([[2, encoder.encode('playground')]]))); // if_name; if_tsresol defaults to µs
  for (const d of datagrams) {
    const packet = ipPacket(d);
    const micros = BigInt(Math.round(d.timeMs * 1000));
    const head = new Uint8Array(20);
    const hv = new DataView(head.buffer);
    hv.setUint32(0, 0, true); // interface 0
    hv.setUint32(4, Number(micros >> 32n), true);
    hv.setUint32(8, Number(micros & 0xffffffffn), true);
    hv.setUint32(12, packet.length, true);
    hv.setUint32(16, packet.length, true);
    const padded = new Uint8Array((packet.length + 3) & ~3);
    padded.set(packet);
    w.block(
      0x00000006,
      concat(head, padded, options(d.comment ? [[1, encoder.encode(d.comment)]] : [])),
    );
  }
  return w.bytes();
}
