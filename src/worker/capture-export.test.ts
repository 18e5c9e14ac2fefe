// The journal exported through the host must open in Debian's tshark with every packet decoded
// as CoAP exactly as we encoded it (type, code, MID, token, each option, payload), and import of
// the export must give back the same datagrams.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, toHex } from '../coap';
import type { JournalEntry } from '../sim';
import { PlaygroundHost } from './host';
import { FakeEnv } from './testing/fake-env';
import { importCapture } from './capture-import';
import { realPeers, runScript } from './testing/traffic';

type Datagram = Extract<JournalEntry, { kind: 'datagram' }>;

/** A tshark JSON value that is one item or (with --no-duplicate-keys) a list of them. */
const many = <T>(v: T | T[] | undefined): T[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** Option value bytes from the option's whole raw span (header, extended delta/length, value). */
function optionValue(rawHex: string): string {
  const b0 = parseInt(rawHex.slice(0, 2), 16);
  const ext = (n: number) => (n === 13 ? 1 : n === 14 ? 2 : 0);
  return rawHex.slice(2 * (1 + ext(b0 >> 4) + ext(b0 & 15)));
}

async function session() {
  const env = new FakeEnv();
  const host = new PlaygroundHost(env, { seed: 42 });
  await host.connect(() => {});
  await runScript(host, env.run);
  realPeers(host);
  env.run(3_000);
  const datagrams = (await host.journal(0, 1e6)).filter(
    (e): e is Datagram => e.kind === 'datagram',
  );
  return { host, datagrams };
}

const EPOCH = Date.UTC(2026, 10, 27, 1, 0, 0);

describe('exporting the journal as pcapng', () => {
  it('tshark decodes every packet as CoAP with our type, code, MID, token, options and payload', async () => {
    const { host, datagrams } = await session();
    // The session must really be varied, or this test proves little.
    const summaries = datagrams.map((d) => d.summary);
    expect(summaries.some((s) => s.observe !== undefined && s.code === '2.05 Content')).toBe(true);
    expect(datagrams.some((d) => d.from.address.includes(':'))).toBe(true);
    expect(datagrams.some((d) => d.fate === 'lost')).toBe(true);
    expect(summaries.some((s) => s.path?.startsWith('/mqtt/connection'))).toBe(true);
    expect(summaries.some((s) => s.code?.startsWith('4.'))).toBe(true);
    expect(summaries.some((s) => !s.ok)).toBe(true);
    expect(datagrams.length).toBeGreaterThan(30);

    const dir = mkdtempSync(join(tmpdir(), 'journal-export-'));
    const file = join(dir, 'journal.pcapng');
    writeFileSync(file, await host.exportCapture(EPOCH));
    const json = execFileSync(
      'tshark',
      ['-r', file, '-d', 'udp.port==5683,coap', '-T', 'json', '--no-duplicate-keys', '-x'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 },
    );
    type Layers = Record<string, Record<string, unknown>>;
    const packets = (JSON.parse(json) as Array<{ _source: { layers: Layers } }>).map(
      (p) => p._source.layers,
    );
    expect(packets).toHaveLength(datagrams.length);
    let checkedOptions = 0;
    packets.forEach((layers, i) => {
      const d = datagrams[i];
      const at = `packet ${i + 1} (${d.summary.code ?? d.summary.error})`;
      expect(Number(layers.frame['frame.time_epoch']) * 1000, at).toBeCloseTo(EPOCH + d.at, 0);
      const udp = layers.udp;
      expect(Number(udp['udp.srcport']), at).toBe(d.from.port);
      expect(Number(udp['udp.dstport']), at).toBe(d.to.port);
      const m = decode(d.bytes);
      if (!m.ok) {
        // Malformed on purpose: tshark must flag it too, and carry our bytes unchanged.
        expect(JSON.stringify(layers), at).toMatch(/_ws\.malformed|_ws\.expert/);
        return;
      }
      const coap = layers.coap;
      expect(coap, at).toBeDefined();
      expect(Number(coap['coap.type']), at).toBe(
        ['CON', 'NON', 'ACK', 'RST'].indexOf(m.message.type),
      );
      expect(Number(coap['coap.code']), at).toBe(m.message.code);
      expect(Number(coap['coap.mid']), at).toBe(m.message.messageId);
      expect(String(coap['coap.token'] ?? '').replace(/:/g, ''), at).toBe(toHex(m.message.token));
      const raws = many(coap['coap.opt.name_raw'] as unknown[] | unknown[][] | undefined);
      const spans = (raws.length && !Array.isArray(raws[0]) ? [raws] : raws) as unknown[][];
      const descs = many(
        coap['coap.opt.name_tree'] as Record<string, string> | Array<Record<string, string>>,
      ).map((t) => Number(/Type (\d+)/.exec(t['coap.opt.desc'])?.[1]));
      const theirs = spans.map((s, k) => [descs[k], optionValue(String(s[0]))]);
      const ours = m.message.options.map((o) => [o.number, toHex(o.value)]);
      expect(theirs, at).toEqual(ours);
      checkedOptions += ours.length;
      // A block of a block-wise transfer is dissected as `block_payload` (tshark reassembles).
      const payload = (coap['coap.block_payload_raw'] ?? coap['coap.payload_raw']) as
        unknown[] | undefined;
      expect(payload ? String(payload[0]) : '', at).toBe(toHex(m.message.payload));
    });
    expect(checkedOptions).toBeGreaterThan(40);
  });

  it('imports its own export back to the same datagrams, endpoints and times', async () => {
    const { host, datagrams } = await session();
    const back = importCapture(await host.exportCapture(EPOCH), 'journal.pcapng');
    if (!back.ok) throw new Error(JSON.stringify(back.error));
    expect(back.summary.coap).toBe(datagrams.length);
    expect(back.summary.otherUdp).toBe(0);
    // An IPv4 gateway answering an IPv6 peer is written as an IPv4-mapped IPv6 address.
    const plain = (a: string) => a.replace(/^::ffff:/, '');
    const t0 = datagrams[0].at;
    expect(
      back.entries.map((e) => [
        plain(e.from.address),
        e.from.port,
        plain(e.to.address),
        e.to.port,
        e.direction,
        toHex(e.bytes),
        Math.round(e.at),
      ]),
    ).toEqual(
      datagrams.map((d) => [
        d.from.address,
        d.from.port,
        d.to.address,
        d.to.port,
        d.direction,
        toHex(d.bytes),
        Math.round(d.at - t0),
      ]),
    );
    expect(back.summary.startedAt).toBeCloseTo(EPOCH + t0, 0);
  });
});
