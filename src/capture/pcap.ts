/**
 * A pure reader for capture files: classic pcap (either byte order, µs or ns timestamps) and
 * pcapng (SHB, IDB, EPB, SPB and the obsolete PB; either byte order per section). It returns the
 * UDP datagrams over IPv4 and IPv6 and says why every other frame was skipped. No Node APIs:
 * bytes in, result out; malformed files give `{ ok: false, error }` with an offset, never a throw.
 *
 * Formats: classic pcap as in draft-ietf-opsawg-pcap, pcapng as in draft-ietf-opsawg-pcapng.
 */
import type { Endpoint } from '../wire/endpoint';
import { udpFromFrame, type SkipReason } from './frames';

export interface UdpDatagram {
  /** The frame's position among the file's packet records, from 0 (Wireshark's number − 1). */
  index: number;
  /** Capture time in ms since the Unix epoch; null for a pcapng Simple Packet Block (no time). */
  timeMs: number | null;
  src: Endpoint;
  dst: Endpoint;
  /** The UDP payload: a view into the file's bytes (copy it before the buffer is reused). */
  payload: Uint8Array;
}

export interface SkippedFrame {
  index: number;
  reason: SkipReason;
}

export type CaptureErrorReason =
  /** Fewer bytes than the file header. */
  | 'too-short'
  /** The first four bytes are neither a pcap magic number nor a pcapng Section Header Block. */
  | 'unknown-format'
  /** A classic pcap record header or its data runs past the end of the file. */
  | 'record-truncated'
  /** A pcapng block runs past the end of the file. */
  | 'block-truncated'
  /** A pcapng block length is below 12, not a multiple of 4, or differs from the trailing copy. */
  | 'bad-block-length'
  /** A block's contents do not fit in its length (e.g. captured length beyond the block). */
  | 'block-malformed'
  /** A Section Header Block whose byte-order magic is not 0x1A2B3C4D in either order. */
  | 'bad-byte-order-magic'
  /** A packet block names an interface no Interface Description Block has described. */
  | 'unknown-interface';

export interface CaptureError {
  reason: CaptureErrorReason;
  offset: number;
  message: string;
}

export type CaptureResult =
  | { ok: true; format: 'pcap' | 'pcapng'; datagrams: UdpDatagram[]; skipped: SkippedFrame[] }
  | { ok: false; error: CaptureError };

const MESSAGES: Record<CaptureErrorReason, string> = {
  'too-short': 'the file is shorter than a capture file header',
  'unknown-format':
    'not a pcap or pcapng file (unknown magic number); save the capture as pcap or pcapng',
  'record-truncated': 'a packet record runs past the end of the file: the capture was cut short',
  'block-truncated': 'a pcapng block runs past the end of the file: the capture was cut short',
  'bad-block-length':
    'a pcapng block length is impossible (under 12, not a multiple of 4, or mismatched)',
  'block-malformed': "a pcapng block's contents do not fit in its length",
  'bad-byte-order-magic': 'a pcapng Section Header Block has an unknown byte-order magic',
  'unknown-interface': 'a packet refers to an interface that was never described',
};

const fail = (reason: CaptureErrorReason, offset: number): CaptureResult => ({
  ok: false,
  error: { reason, offset, message: MESSAGES[reason] },
});

const PCAP_US = 0xa1b2c3d4;
const PCAP_NS = 0xa1b23c4d;
const SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Reads a pcap or pcapng file and returns its UDP datagrams. */
export function readPcap(bytes: Uint8Array): CaptureResult {
  if (bytes.length < 4) return fail('too-short', 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magicLE = view.getUint32(0, true);
  const magicBE = view.getUint32(0, false);
  if (magicBE === SHB) return readPcapng(bytes, view);
  if (magicLE === PCAP_US || magicLE === PCAP_NS)
    return readClassic(bytes, view, true, magicLE === PCAP_NS);
  if (magicBE === PCAP_US || magicBE === PCAP_NS)
    return readClassic(bytes, view, false, magicBE === PCAP_NS);
  return fail('unknown-format', 0);
}

class Collector {
  readonly datagrams: UdpDatagram[] = [];
  readonly skipped: SkippedFrame[] = [];
  private index = 0;

  add(linkType: number, frame: Uint8Array, timeMs: number | null): void {
    const index = this.index++;
    const r = udpFromFrame(linkType, frame);
    if (r.ok) this.datagrams.push({ index, timeMs, src: r.src, dst: r.dst, payload: r.payload });
    else this.skipped.push({ index, reason: r.reason });
  }
}

function readClassic(
  bytes: Uint8Array,
  view: DataView,
  le: boolean,
  nanos: boolean,
): CaptureResult {
  if (bytes.length < 24) return fail('too-short', 0);
  // The low 16 bits are the link type; the upper bits carry FCS information.
  const linkType = view.getUint32(20, le) & 0xffff;
  const perMs = nanos ? 1e6 : 1e3;
  const out = new Collector();
  let at = 24;
  while (at < bytes.length) {
    if (at + 16 > bytes.length) return fail('record-truncated', at);
    const seconds = view.getUint32(at, le);
    const fraction = view.getUint32(at + 4, le);
    const capturedLength = view.getUint32(at + 8, le);
    const start = at + 16;
    if (capturedLength > bytes.length - start) return fail('record-truncated', at);
    out.add(
      linkType,
      bytes.subarray(start, start + capturedLength),
      seconds * 1000 + fraction / perMs,
    );
    at = start + capturedLength;
  }
  return { ok: true, format: 'pcap', datagrams: out.datagrams, skipped: out.skipped };
}

interface Interface {
  linkType: number;
  snapLength: number;
  /** Timestamp units per second (if_tsresol; 10^6 by default). */
  units: bigint;
  /** if_tsoffset, in seconds. */
  offsetSeconds: number;
}

function readPcapng(bytes: Uint8Array, view: DataView): CaptureResult {
  const out = new Collector();
  let interfaces: Interface[] = [];
  let le = true;
  let at = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) return fail('block-truncated', at);
    const type = view.getUint32(at, le);
    if (type === SHB) {
      // A new section: its byte-order magic sets the byte order of everything up to the next one.
      const bom = view.getUint32(at + 8, true);
      if (bom === BYTE_ORDER_MAGIC) le = true;
      else if (view.getUint32(at + 8, false) === BYTE_ORDER_MAGIC) le = false;
      else return fail('bad-byte-order-magic', at + 8);
      interfaces = [];
    }
    const length = view.getUint32(at + 4, le);
    if (length < 12 || length % 4 !== 0) return fail('bad-block-length', at + 4);
    if (length > bytes.length - at) return fail('block-truncated', at);
    if (view.getUint32(at + length - 4, le) !== length)
      return fail('bad-block-length', at + length - 4);
    const body = at + 8;
    const bodyLength = length - 12;
    const malformed = (minimum: number) => bodyLength < minimum;

    if (type === SHB) {
      if (malformed(16)) return fail('block-malformed', at);
    } else if (type === 1) {
      // Interface Description Block
      if (malformed(8)) return fail('block-malformed', at);
      interfaces.push(describeInterface(view, body, body + bodyLength, le));
    } else if (type === 6 || type === 2) {
      // Enhanced Packet Block, or the obsolete Packet Block (16-bit interface id, 16-bit drops).
      if (malformed(20)) return fail('block-malformed', at);
      const id = type === 6 ? view.getUint32(body, le) : view.getUint16(body, le);
      const iface = interfaces[id];
      if (iface === undefined) return fail('unknown-interface', body);
      const captured = view.getUint32(body + 12, le);
      if (captured > bodyLength - 20) return fail('block-malformed', body + 12);
      const time = timeMs(view.getUint32(body + 4, le), view.getUint32(body + 8, le), iface);
      out.add(iface.linkType, bytes.subarray(body + 20, body + 20 + captured), time);
    } else if (type === 3) {
      // Simple Packet Block: interface 0, no timestamp, captured length implied.
      if (malformed(4)) return fail('block-malformed', at);
      const iface = interfaces[0];
      if (iface === undefined) return fail('unknown-interface', at);
      const original = view.getUint32(body, le);
      let captured = Math.min(original, bodyLength - 4);
      if (iface.snapLength > 0) captured = Math.min(captured, iface.snapLength);
      out.add(iface.linkType, bytes.subarray(body + 4, body + 4 + captured), null);
    }
    // Other blocks (name resolution, statistics, custom, …) carry no packets.
    at += length;
  }
  return { ok: true, format: 'pcapng', datagrams: out.datagrams, skipped: out.skipped };
}

function describeInterface(view: DataView, body: number, end: number, le: boolean): Interface {
  const iface: Interface = {
    linkType: view.getUint16(body, le),
    snapLength: view.getUint32(body + 4, le),
    units: 1_000_000n,
    offsetSeconds: 0,
  };
  // Options: code, length, value padded to 4 bytes; opt_endofopt (0) ends them. A malformed
  // option list is not fatal: the defaults stand for what could not be read.
  let at = body + 8;
  while (at + 4 <= end) {
    const code = view.getUint16(at, le);
    const length = view.getUint16(at + 2, le);
    if (code === 0 || at + 4 + length > end) break;
    if (code === 9 && length >= 1) {
      // if_tsresol: 10^-v seconds, or 2^-v when the high bit is set.
      const v = view.getUint8(at + 4);
      iface.units = v & 0x80 ? 1n << BigInt(v & 0x7f) : 10n ** BigInt(v);
    } else if (code === 14 && length >= 8) {
      // if_tsoffset: signed 64-bit seconds added to every timestamp.
      iface.offsetSeconds = Number(view.getBigInt64(at + 4, le));
    }
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  return iface;
}

function timeMs(high: number, low: number, iface: Interface): number {
  const t = (BigInt(high) << 32n) | BigInt(low);
  const seconds = t / iface.units;
  const fraction = t % iface.units;
  return (
    (Number(seconds) + iface.offsetSeconds) * 1000 + (Number(fraction) * 1000) / Number(iface.units)
  );
}
