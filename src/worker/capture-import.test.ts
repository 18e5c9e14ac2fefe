// Importing a capture: the libcoap session's CoAP datagrams become journal entries with the
// capture's endpoints and times; other traffic is counted; a broken file says what is wrong.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toHex } from '../coap';
import * as build from '../capture/testing/fixtures/build';
import { importCapture } from './capture-import';
import { PlaygroundHost } from './host';
import { reading } from './testing/batches';
import type { ReadBatch } from './testing/batches';
import { rendered, said } from '../ui/i18n/testing/rendered';

const libcoap = new Uint8Array(
  readFileSync(new URL('../capture/testing/fixtures/libcoap-session.pcap', import.meta.url)),
);
// tshark's own reading of the same file: number, epoch time, src, sport, dst, dport, payload.
const tshark = readFileSync(
  new URL('../capture/testing/fixtures/libcoap-session.tshark.tsv', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t'));

describe('importing a capture', () => {
  it("gives every CoAP datagram of the libcoap session, with the capture's endpoints and times", () => {
    const r = importCapture(libcoap, 'libcoap-session.pcap');
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.summary).toMatchObject({ format: 'pcap', coap: tshark.length, otherUdp: 0 });
    const t0 = Number(tshark[0][1]) * 1000;
    expect(r.summary.startedAt).toBeCloseTo(t0, 0);
    r.entries.forEach((e, i) => {
      const [, time, src, sport, dst, dport, payload] = tshark[i];
      expect(e.seq).toBe(i + 1);
      expect(e.at).toBeCloseTo(Number(time) * 1000 - t0, 2);
      expect([e.from.address, e.from.port, e.to.address, e.to.port]).toEqual([
        src,
        Number(sport),
        dst,
        Number(dport),
      ]);
      expect(toHex(e.bytes)).toBe(payload);
      expect(e.direction).toBe(Number(dport) === 5683 ? 'to-gateway' : 'from-gateway');
    });
    expect(r.entries.every((e) => e.summary.ok && e.fate === 'captured')).toBe(true);
    expect(r.entries[0].summary).toMatchObject({
      type: 'CON',
      code: '0.02 POST',
      messageId: 0xa2fb,
    });
  });

  it('counts traffic that is not CoAP over UDP, and flags a malformed CoAP datagram', () => {
    const frame = (sport: number, dport: number, payload: number[], protocol?: number) =>
      build.ethernet(
        0x0800,
        build.ipv4(
          [10, 0, 0, 1],
          [10, 0, 0, 2],
          build.udp(sport, dport, Uint8Array.from(payload)),
          {
            protocol,
          },
        ),
      );
    const file = build.classicPcap([
      { seconds: 100, fraction: 0, frame: frame(40000, 5683, [0x40, 1, 0, 1]) },
      { seconds: 100, fraction: 500_000, frame: frame(40000, 53, [1, 2, 3, 4]) },
      { seconds: 101, fraction: 0, frame: frame(40000, 80, [1, 2], 6) },
      { seconds: 101, fraction: 0, frame: build.ethernet(0x0806, new Uint8Array(28)) },
      { seconds: 102, fraction: 250_000, frame: frame(5683, 40000, [0x4f, 0x45, 0, 1]) },
    ]);
    const r = importCapture(file, 'mixed.pcap');
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.summary).toMatchObject({
      coap: 2,
      malformed: 1,
      otherUdp: 1,
      skipped: { 'not-udp': 1, 'not-ip': 1 },
    });
    expect(r.entries.map((e) => [e.at, e.direction, e.summary.ok])).toEqual([
      [0, 'to-gateway', true],
      [2250, 'from-gateway', false],
    ]);
    expect(r.entries[1].summary.error).toMatch(/at byte/);
  });

  it('says precisely what is wrong with a file that is not a capture, or is cut short', () => {
    const bad = [
      [new TextEncoder().encode('{"version":1}'), /not a pcap or pcapng file/],
      [Uint8Array.of(1, 2), /shorter than a capture file header/],
      [libcoap.subarray(0, 1000), /cut short/],
    ] as const;
    for (const [bytes, error] of bad) {
      const r = importCapture(bytes, 'x.pcap');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(said(r.error)).toMatch(error);
      if (!r.ok) expect(said(r.error)).toMatch(/^x\.pcap could not be read: .* \(at byte \d+\)$/);
    }
  });
});

describe('the host with an imported capture', () => {
  it('streams the capture as a new generation, refuses intents, and goes back to the live world', async () => {
    let t = 0;
    const timers: Array<() => void> = [];
    const host = new PlaygroundHost(
      { realNow: () => t, setTimer: (fn) => timers.push(fn), clearTimer: () => {} },
      { seed: 1, maxBatch: 50 },
    );
    const batches: ReadBatch[] = [];
    await host.connect(reading(batches));
    await host.dispatch({ type: 'add-coap-client', name: 'dev' });
    const drain = () => {
      for (let i = 0; i < 100 && timers.length; i++) {
        t += 200;
        timers.shift()?.();
      }
    };
    drain();
    const liveGeneration = batches.at(-1)?.generation as number;
    const r = await host.importCapture(libcoap, 'libcoap-session.pcap');
    expect(r.ok).toBe(true);
    expect((await host.snapshot()).capture?.coap).toBe(179);
    batches.length = 0;
    drain();
    const imported = batches.filter((b) => b.generation > liveGeneration);
    // In chunks of maxBatch, none skipped.
    expect(imported.map((b) => b.entries.length).filter(Boolean)).toEqual([50, 50, 50, 29]);
    expect(imported.every((b) => b.skipped === 0)).toBe(true);
    expect(rendered(await host.dispatch({ type: 'add-coap-client' }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/imported capture libcoap-session\.pcap: go back/) as unknown,
    });
    const exported = importCapture(await host.exportCapture(0), 'again');
    if (!exported.ok) throw new Error(JSON.stringify(exported.error));
    expect(exported.summary.startedAt).toBeCloseTo(r.ok ? (r.summary.startedAt as number) : 0, 0);
    expect(exported.entries.map((e) => toHex(e.bytes))).toEqual(
      importCapture(libcoap, 'x').ok ? tshark.map((row) => row[6]) : [],
    );

    await host.closeCapture();
    batches.length = 0;
    drain();
    expect((await host.snapshot()).capture).toBeUndefined();
    const back = batches.flatMap((b) => b.entries);
    expect(back.some((e) => e.kind === 'world' && e.event.kind === 'client-added')).toBe(true);
    expect(batches[0].generation).toBeGreaterThan(imported[0].generation);
  });
});
