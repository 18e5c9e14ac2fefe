// Capture files: the libcoap fixture against tshark's reading of it, a pcapng written by hand,
// both byte orders and precisions, every file-level error, and random bytes that must not throw.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, parseHex, toHex } from '../coap';
import { readPcap, type CaptureResult } from './index';
import * as build from './testing/fixtures/build';

const fixture = (name: string) =>
  readFileSync(new URL(`./testing/fixtures/${name}`, import.meta.url));
const hex = (text: string) => {
  const r = parseHex(text);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
};
function ok(r: CaptureResult) {
  if (!r.ok) throw new Error(`${r.error.reason} at ${r.error.offset}`);
  return r;
}

describe('the libcoap session capture (pcap, Ethernet, µs)', () => {
  const result = ok(readPcap(new Uint8Array(fixture('libcoap-session.pcap'))));
  // tshark's fields for every frame, baked in: frame, epoch, ip.src, sport, ip.dst, dport, payload.
  const expected = fixture('libcoap-session.tshark.tsv')
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t'));

  it('yields the UDP payloads of all 179 frames and skips none', () => {
    expect(result.format).toBe('pcap');
    expect(expected).toHaveLength(179);
    expect(result.datagrams).toHaveLength(179);
    expect(result.skipped).toEqual([]);
  });

  it('agrees with tshark on every frame: number, time, addresses, ports and payload bytes', () => {
    result.datagrams.forEach((d, k) => {
      const [frame, epoch, srcIp, srcPort, dstIp, dstPort, payload] = expected[k];
      expect(d.index + 1).toBe(Number(frame));
      expect(d.timeMs).toBeCloseTo(Number(epoch) * 1000, 3);
      expect(d.src).toEqual({ address: srcIp, port: Number(srcPort) });
      expect(d.dst).toEqual({ address: dstIp, port: Number(dstPort) });
      expect(toHex(d.payload)).toBe(payload);
    });
  });

  it('every payload decodes with the codec and re-encodes byte for byte', () => {
    for (const d of result.datagrams) {
      const r = decode(d.payload);
      if (!r.ok) throw new Error(`frame ${d.index + 1}: ${r.error.reason}`);
      expect(encode(r.message)).toEqual(d.payload);
    }
  });

  it('holds the requests libcoap sent: POST /mqtt/connection first, from an ephemeral port', () => {
    const first = result.datagrams[0];
    expect(first.dst.port).toBe(5683);
    expect(first.timeMs).toBe(1795730904183.304);
    const r = decode(first.payload);
    expect(r.ok && [r.message.type, r.message.code, toHex(r.message.token)]).toEqual([
      'CON',
      2,
      '01',
    ]);
  });
});

describe('a tiny pcapng written by hand', () => {
  // Little-endian. SHB (28 bytes), IDB for Ethernet (20), EPB holding one CoAP GET over UDP (80).
  const file = hex(`
    0a0d0d0a 1c000000  4d3c2b1a 0100 0000  ffffffff ffffffff  1c000000
    01000000 14000000  0100 0000 00000400  14000000
    06000000 50000000  00000000  35610600 08f2a72e  2e000000 2e000000
      000000000000 000000000000 0800
      4500 0020 0000 4000 4011 0000 7f000001 7f000001
      e184 1633 000c 0000
      40011234
      0000
    50000000`);

  it('reads the one datagram with its time, endpoints and payload', () => {
    const r = ok(readPcap(file));
    expect(r.format).toBe('pcapng');
    expect(r.skipped).toEqual([]);
    expect(r.datagrams).toHaveLength(1);
    const [d] = r.datagrams;
    expect(d.index).toBe(0);
    expect(d.timeMs).toBe(1795730904183.304);
    expect(d.src).toEqual({ address: '127.0.0.1', port: 57732 });
    expect(d.dst).toEqual({ address: '127.0.0.1', port: 5683 });
    expect(toHex(d.payload)).toBe('40011234');
  });

  it('gives payloads as views into the file bytes', () => {
    const [d] = ok(readPcap(file)).datagrams;
    expect(d.payload.buffer).toBe(file.buffer);
    expect(d.payload.byteOffset).toBe(28 + 20 + 28 + 42);
  });

  it('refuses it cut one byte short, at the block that runs past the end', () => {
    expect(readPcap(file.subarray(0, file.length - 1))).toMatchObject({
      ok: false,
      error: { reason: 'block-truncated', offset: 48 },
    });
  });

  it('refuses a trailing block length that does not match the leading one', () => {
    const bad = file.slice();
    bad[bad.length - 4] = 0x4c;
    expect(readPcap(bad)).toMatchObject({
      ok: false,
      error: { reason: 'bad-block-length', offset: file.length - 4 },
    });
  });
});

const coap = hex('40011234');
const v4 = build.ipv4([192, 0, 2, 1], [192, 0, 2, 2], build.udp(40000, 5683, coap));
const frame = build.ethernet(0x0800, v4);

describe('classic pcap in both byte orders and precisions', () => {
  it.each([
    // ms after 1700000000 s; a double near 1.7e12 ms resolves about 0.25 µs, so ns are rounded.
    ['little-endian, µs', { le: true, nanos: false }, 123456, 123.456],
    ['big-endian, µs', { le: false, nanos: false }, 123456, 123.456],
    ['little-endian, ns', { le: true, nanos: true }, 123456789, 123.456789],
    ['big-endian, ns', { le: false, nanos: true }, 123456789, 123.456789],
  ])('%s', (_, o, fraction, msAfter) => {
    const file = build.classicPcap([{ seconds: 1700000000, fraction, frame }], o);
    const r = ok(readPcap(file));
    expect(r.format).toBe('pcap');
    expect(r.datagrams).toHaveLength(1);
    expect((r.datagrams[0].timeMs ?? NaN) - 1_700_000_000_000).toBeCloseTo(msAfter, 3);
    expect(r.datagrams[0].src).toEqual({ address: '192.0.2.1', port: 40000 });
  });

  it('reads an empty capture (header only) as no datagrams', () => {
    expect(readPcap(build.classicPcap([]))).toEqual({
      ok: true,
      format: 'pcap',
      datagrams: [],
      skipped: [],
    });
  });
});

describe('pcapng blocks and sections', () => {
  it.each([true, false])('reads SHB, IDB, EPB and SPB (little-endian: %s)', (le) => {
    const file = build.concat(
      build.shb(le),
      build.idb(le, 1),
      build.epb(le, 0, [0, 1_000_000], frame),
      build.spb(le, frame),
    );
    const r = ok(readPcap(file));
    expect(r.datagrams.map((d) => [d.index, d.timeMs])).toEqual([
      [0, 1000],
      [1, null],
    ]);
  });

  it('switches byte order at a new section and forgets the old interfaces', () => {
    const file = build.concat(
      build.shb(false),
      build.idb(false, 1),
      build.epb(false, 0, [0, 5], frame),
      build.shb(true),
      build.idb(true, 228),
      build.epb(true, 0, [0, 7], v4),
    );
    const r = ok(readPcap(file));
    expect(r.datagrams.map((d) => [d.index, d.timeMs])).toEqual([
      [0, 0.005],
      [1, 0.007],
    ]);
    const orphan = build.concat(
      build.shb(false),
      build.idb(false, 1),
      build.shb(true),
      build.epb(true, 0, [0, 1], frame),
    );
    expect(readPcap(orphan)).toMatchObject({ ok: false, error: { reason: 'unknown-interface' } });
  });

  it('honours if_tsresol in powers of ten and of two', () => {
    const ns = build.concat(
      build.shb(true),
      build.idb(true, 1, { tsresol: 9 }),
      build.epb(true, 0, [0, 1_500_000], frame),
    );
    expect(ok(readPcap(ns)).datagrams[0].timeMs).toBe(1.5);
    const binary = build.concat(
      build.shb(true),
      build.idb(true, 1, { tsresol: 0x8a }),
      build.epb(true, 0, [0, 3 * 1024], frame),
    );
    expect(ok(readPcap(binary)).datagrams[0].timeMs).toBe(3000);
  });

  it('keeps full precision for nanosecond timestamps past 2^53', () => {
    const t = 1795730904_183304123n; // ns
    const ts: [number, number] = [Number(t >> 32n), Number(t & 0xffffffffn)];
    const file = build.concat(
      build.shb(true),
      build.idb(true, 1, { tsresol: 9 }),
      build.epb(true, 0, ts, frame),
    );
    const ms = ok(readPcap(file)).datagrams[0].timeMs ?? NaN;
    expect(ms - 1_795_730_904_183).toBeCloseTo(0.304123, 3);
  });

  it('skips blocks that carry no packets (name resolution, statistics, custom)', () => {
    const file = build.concat(
      build.shb(true),
      build.block(4, [0, 0, 0, 0], true),
      build.idb(true, 1),
      build.block(5, new Array(20).fill(0), true),
      build.block(0x00000bad, [1, 2, 3], true),
      build.epb(true, 0, [0, 0], frame),
    );
    expect(ok(readPcap(file)).datagrams).toHaveLength(1);
  });

  it('limits a Simple Packet Block to the interface snap length', () => {
    const file = build.concat(
      build.shb(true),
      build.idb(true, 1, { snapLength: 30 }),
      build.spb(true, frame),
    );
    expect(ok(readPcap(file)).skipped).toEqual([{ index: 0, reason: 'frame-truncated' }]);
  });
});

describe('files it refuses, with the offset of the problem', () => {
  const pcapng = (...blocks: Uint8Array[]) => build.concat(build.shb(true), ...blocks);
  const classic = build.classicPcap([{ seconds: 1, fraction: 0, frame }]);
  it.each([
    ['an empty file', new Uint8Array(0), 'too-short', 0],
    ['a pcap header cut short', classic.subarray(0, 20), 'too-short', 0],
    ['a file that is not a capture', hex('7b226a736f6e223a747275657d'), 'unknown-format', 0],
    ['a pcap record header cut short', classic.subarray(0, 30), 'record-truncated', 24],
    [
      'a pcap record whose data is cut short',
      classic.subarray(0, classic.length - 1),
      'record-truncated',
      24,
    ],
    ['a pcapng block header cut short', pcapng().subarray(0, 10), 'block-truncated', 0],
    [
      'a pcapng block length that is not a multiple of 4',
      pcapng(hex('01000000 0d000000 00000000 0d000000')),
      'bad-block-length',
      32,
    ],
    [
      'a pcapng block length under 12',
      pcapng(hex('01000000 08000000 08000000')),
      'bad-block-length',
      32,
    ],
    [
      'an unknown byte-order magic',
      hex('0a0d0d0a 1c000000 11223344 01000000 ffffffffffffffff 1c000000'),
      'bad-byte-order-magic',
      8,
    ],
    ['an EPB before any IDB', pcapng(build.epb(true, 0, [0, 0], frame)), 'unknown-interface', 36],
    ['an SPB before any IDB', pcapng(build.spb(true, frame)), 'unknown-interface', 28],
    [
      'an IDB too short for its fields',
      pcapng(build.block(1, [1, 0, 0, 0], true)),
      'block-malformed',
      28,
    ],
    [
      'an EPB whose captured length overflows the block',
      pcapng(
        build.idb(true, 1),
        build.block(6, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0, 99, 0, 0, 0], true),
      ),
      'block-malformed',
      68,
    ],
  ])('refuses %s', (_, bytes, reason, offset) => {
    expect(readPcap(bytes)).toMatchObject({ ok: false, error: { reason, offset } });
  });
});

describe('never throws on malformed input', () => {
  const valid = [
    new Uint8Array(fixture('libcoap-session.pcap')).subarray(0, 600),
    build.classicPcap([{ seconds: 1, fraction: 2, frame }], { le: false, nanos: true }),
    build.concat(
      build.shb(true),
      build.idb(true, 1, { tsresol: 9 }),
      build.epb(true, 0, [1, 2], frame),
      build.spb(true, frame),
    ),
    build.concat(
      build.shb(false),
      build.idb(false, 276),
      build.epb(false, 0, [1, 2], build.sll2(0x0800, v4)),
    ),
  ];
  const edit = fc.tuple(
    fc.nat(),
    fc.nat(255),
    fc.constantFrom('set', 'insert', 'delete', 'truncate'),
  );
  const mutated = fc
    .tuple(fc.constantFrom(...valid), fc.array(edit, { minLength: 1, maxLength: 4 }))
    .map(([file, edits]) => {
      const out = Array.from(file);
      for (const [at, byte, kind] of edits) {
        const i = at % Math.max(1, out.length);
        if (kind === 'set') out[i] = byte;
        else if (kind === 'insert') out.splice(i, 0, byte);
        else if (kind === 'delete') out.splice(i, 1);
        else out.length = i;
      }
      return Uint8Array.from(out);
    });
  const headers = [hex('d4c3b2a1'), hex('a1b2c3d4'), hex('4d3cb2a1'), hex('0a0d0d0a')];
  const random = fc
    .tuple(fc.constantFrom(...headers), fc.uint8Array({ maxLength: 200 }))
    .map(([h, rest]) => build.concat(h, rest));

  it('returns a result for random and mutated files, with payloads inside the input', () => {
    fc.assert(
      fc.property(fc.oneof(mutated, random, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        const r = readPcap(bytes);
        if (!r.ok) return r.error.offset >= 0 && r.error.offset <= bytes.length;
        let last = -1;
        for (const d of r.datagrams) {
          const start = d.payload.byteOffset - bytes.byteOffset;
          if (
            d.payload.buffer !== bytes.buffer ||
            start < 0 ||
            start + d.payload.length > bytes.length
          )
            return false;
          if (d.index <= last) return false;
          last = d.index;
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });
});
