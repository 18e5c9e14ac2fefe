import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FROM_DEST,
  FROM_PEERS,
  TO_DEST,
  TO_PEERS,
  decodeFrame,
  encodeFrame,
  encodeFrames,
  parseControl,
  MAX_BATCH,
  MAX_DATAGRAM,
  MAX_FRAME_BYTES,
} from './frames';
import type { RelayDatagram } from './frames';

describe('relay frames', () => {
  it('round-trips a batch of IPv4 and IPv6 datagrams with their peers', () => {
    const datagrams = [
      { peer: { address: '127.0.0.1', port: 40001 }, bytes: Uint8Array.of(0x40, 0, 1, 2) },
      { peer: { address: '::1', port: 5683 }, bytes: new Uint8Array(0) },
      { peer: { address: 'fe80::1:2', port: 1 }, bytes: Uint8Array.of(9) },
    ];
    const r = decodeFrame(encodeFrame(FROM_PEERS, datagrams));
    expect(r).toEqual({ ok: true, kind: FROM_PEERS, datagrams });
  });

  it('splits a large batch into frames of at most MAX_BATCH datagrams and MAX_FRAME_BYTES bytes, in order', () => {
    const peer = { address: '::1', port: 5683 };
    const small = Array.from({ length: 2 * MAX_BATCH + 5 }, (_, i) => ({
      peer,
      bytes: Uint8Array.of(i & 0xff, i >> 8),
    }));
    const big = Array.from({ length: 9 }, (_, i) => ({
      peer,
      bytes: new Uint8Array(MAX_DATAGRAM).fill(i),
    }));
    // Each datagram's bytes are distinct at both ends; comparing those keeps the test quick.
    const ends = (ds: readonly RelayDatagram[]) =>
      ds.map((d) => `${d.peer.address}|${d.bytes.length}|${d.bytes[0]}|${d.bytes.at(-1)}`);
    for (const batch of [small, big, [...big.slice(0, 2), ...small]]) {
      const frames = encodeFrames(TO_PEERS, batch);
      const back = frames.flatMap((f) => {
        expect(f.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
        const r = decodeFrame(f);
        if (!r.ok) throw new Error(r.error);
        expect(r.datagrams.length).toBeLessThanOrEqual(MAX_BATCH);
        return r.datagrams;
      });
      expect(ends(back)).toEqual(ends(batch));
    }
    expect(encodeFrames(TO_PEERS, big)).toHaveLength(3);
    expect(encodeFrames(TO_PEERS, [])).toEqual([]);
  });

  it('refuses a frame over MAX_FRAME_BYTES, whether encoding or decoding', () => {
    const peer = { address: '127.0.0.1', port: 1 };
    const five = Array.from({ length: 5 }, () => ({ peer, bytes: new Uint8Array(MAX_DATAGRAM) }));
    expect(() => encodeFrame(FROM_PEERS, five)).toThrow(/over 262116/);
    const huge = new Uint8Array(MAX_FRAME_BYTES + 1);
    huge.set([1, 1, 0, 0]);
    expect(decodeFrame(huge)).toEqual({
      ok: false,
      error: `frame of ${MAX_FRAME_BYTES + 1} bytes is over ${MAX_FRAME_BYTES}`,
    });
  });

  it('writes the exact header: version, kind, count', () => {
    const f = encodeFrame(TO_PEERS, [
      { peer: { address: '10.0.0.1', port: 0x1633 }, bytes: Uint8Array.of(0xaa) },
    ]);
    expect([...f]).toEqual([1, 2, 0, 1, 4, 10, 0, 0, 1, 0x16, 0x33, 0, 1, 0xaa]);
  });

  it('reads an IPv4-mapped IPv6 address', () => {
    const r = decodeFrame(
      encodeFrame(FROM_PEERS, [
        { peer: { address: '::ffff:127.0.0.1', port: 9 }, bytes: new Uint8Array(0) },
      ]),
    );
    expect(r.ok && r.datagrams[0].peer.address).toBe('::ffff:7f00:1');
  });

  it('refuses frames of another version, an unknown kind, a bad family, truncation and trailing bytes', () => {
    expect(decodeFrame(Uint8Array.of(2, 1, 0, 0))).toMatchObject({
      ok: false,
      error: 'frame version 2, expected 1',
    });
    expect(decodeFrame(Uint8Array.of(1, 9, 0, 0))).toMatchObject({
      ok: false,
      error: 'unknown frame kind 9',
    });
    expect(decodeFrame(Uint8Array.of(1, 1, 0, 1, 5))).toMatchObject({ ok: false });
    expect(decodeFrame(Uint8Array.of(1, 1, 0, 1, 4, 1, 2))).toMatchObject({
      ok: false,
      error: 'datagram 0: truncated header',
    });
    expect(decodeFrame(Uint8Array.of(1, 1, 0, 0, 7))).toMatchObject({
      ok: false,
      error: '1 bytes after the last datagram',
    });
  });

  it('refuses a datagram over 64 KiB on encode', () => {
    expect(() =>
      encodeFrame(TO_PEERS, [
        { peer: { address: '127.0.0.1', port: 1 }, bytes: new Uint8Array(MAX_DATAGRAM + 1) },
      ]),
    ).toThrow(/over 65507/);
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const r = decodeFrame(bytes);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('parses control messages and rejects other text', () => {
    expect(parseControl('{"v":1,"type":"hello","page":"p1"}')).toEqual({
      v: 1,
      type: 'hello',
      page: 'p1',
    });
    expect(parseControl('{"v":2,"type":"hello"}')).toBeUndefined();
    expect(parseControl('not json')).toBeUndefined();
  });
});

describe('outbound frames (kinds 3 and 4)', () => {
  it('round-trips datagrams for a chosen destination and its answers', () => {
    const out = [
      { peer: { address: '127.0.0.1', port: 5685 }, bytes: Uint8Array.of(0x40, 1, 0, 7) },
    ];
    expect(decodeFrame(encodeFrame(TO_DEST, out))).toEqual({
      ok: true,
      kind: TO_DEST,
      datagrams: out,
    });
    const back = [{ peer: { address: '::1', port: 5685 }, bytes: Uint8Array.of(0x60, 0x45, 0, 7) }];
    expect(decodeFrame(encodeFrame(FROM_DEST, back))).toEqual({
      ok: true,
      kind: FROM_DEST,
      datagrams: back,
    });
    expect([...encodeFrame(TO_DEST, [])]).toEqual([1, 3, 0, 0]);
    expect(decodeFrame(Uint8Array.of(1, 5, 0, 0))).toEqual({
      ok: false,
      error: 'unknown frame kind 5',
    });
  });

  it('parses a refusal and a welcome that tells the allowlist', () => {
    const refused = {
      v: 1,
      type: 'refused',
      dest: { address: '192.0.2.10', port: 5683 },
      reason: 'no',
    };
    expect(parseControl(JSON.stringify(refused))).toEqual(refused);
    const welcome = parseControl(
      '{"v":1,"type":"welcome","coap":{"address":"127.0.0.1","port":5683},"http":"h","relayVersion":"1","outbound":{"allow":["127.0.0.0/8"]}}',
    );
    expect(welcome?.type === 'welcome' && welcome.outbound?.allow).toEqual(['127.0.0.0/8']);
  });
});
