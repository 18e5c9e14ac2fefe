import { describe, expect, it } from 'vitest';
import { PlaygroundHost } from './host';
import { FakeEnv } from './testing/fake-env';
import { reading } from './testing/batches';
import type { ReadBatch } from './testing/batches';
import { rendered } from '../ui/i18n/testing/rendered';

async function setup(config = {}) {
  const env = new FakeEnv();
  const host = new PlaygroundHost(env, { seed: 9, config });
  const batches: ReadBatch[] = [];
  await host.connect(reading(batches));
  return { env, host, batches };
}

/** A NON publish of "1" to `ps/t` from a real peer, with Message ID `mid`. */
const publish = (mid: number) =>
  Uint8Array.of(0x50, 0x02, mid >> 8, mid & 0xff, 0xb2, 0x70, 0x73, 0x01, 0x74, 0xff, 0x31);

/**
 * `publishes` NON publishes in one call to a host whose batches carry at most `maxBatch` entries;
 * returns the batches the page got, the sequence numbers they carried, and the journal's.
 */
async function burst(maxBatch: number, publishes: number) {
  const env = new FakeEnv();
  const host = new PlaygroundHost(env, { seed: 9, maxBatch });
  const batches: ReadBatch[] = [];
  await host.connect(reading(batches));
  await host.dispatch({ type: 'add-coap-client', name: 'a' });
  env.run(100);
  batches.length = 0;
  const first = host.current.journal.next;
  await host.dispatchAll(
    Array.from({ length: publishes }, () => ({
      type: 'send' as const,
      client: 'a',
      spec: { method: 'POST' as const, confirmable: false, path: 'ps/t' },
    })),
  );
  env.run(2000);
  return {
    batches,
    sent: batches.flatMap((b) => b.entries.map((e) => e.seq)),
    written: host.current.journal.next - first,
    first,
  };
}

describe('the worker host', () => {
  it('performs intents and reports their results', async () => {
    const { host } = await setup();
    expect(await host.dispatch({ type: 'add-coap-client', name: 'dev' })).toEqual({
      ok: true,
      detail: 'dev',
    });
    const bad = await host.dispatch({
      type: 'send',
      client: 'nobody',
      spec: { method: 'GET', confirmable: true, path: 'ps/t' },
    });
    expect(rendered(bad)).toEqual({ ok: false, error: "no CoAP client named 'nobody'" });
    const dup = await host.dispatch({ type: 'add-coap-client', name: 'dev' });
    expect(dup.ok).toBe(false);
  });

  it('performs many intents in one call, in order, each with its own result', async () => {
    const { env, host, batches } = await setup();
    const send = (path: string) =>
      ({ type: 'send', client: 'dev', spec: { method: 'GET', confirmable: false, path } }) as const;
    const results = await host.dispatchAll([
      { type: 'add-coap-client', name: 'dev' },
      send('ps/a'),
      { type: 'send', client: 'nobody', spec: { method: 'GET', confirmable: true, path: 'ps/b' } },
      send('ps/c'),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    expect(rendered(results[2])).toEqual({ ok: false, error: "no CoAP client named 'nobody'" });
    env.run(100);
    const paths = batches
      .flatMap((b) => b.entries)
      .filter((e) => e.kind === 'datagram' && e.direction === 'to-gateway')
      .map((e) => e.kind === 'datagram' && e.summary.path);
    expect(paths).toEqual(['/ps/a', '/ps/c']);
    // Each intent is recorded as `dispatch` would record it: a shared scenario replays them.
    const { scenario } = await host.shareScenario();
    expect(scenario.steps.map((s) => s.intent.type)).toEqual(['add-coap-client', 'send', 'send']);
  });

  it('sends each datagram with its own bytes, all of one batch in one buffer', async () => {
    const { env, host, batches } = await setup();
    await host.dispatch({ type: 'add-coap-client', name: 'dev' });
    await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=dev' },
    });
    env.run(100);
    const sent = batches.flatMap((b) => b.entries).filter((e) => e.kind === 'datagram');
    const kept = (await host.journal(0, 1000)).filter((e) => e.kind === 'datagram');
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.map((e) => [e.seq, [...e.bytes]])).toEqual(kept.map((e) => [e.seq, [...e.bytes]]));
    const last = batches.at(-1)?.entries.filter((e) => e.kind === 'datagram') ?? [];
    expect(new Set(last.map((e) => e.bytes.buffer)).size).toBe(1);
    // The journal's own entries keep their bytes: the batch holds copies.
    expect(kept[0].bytes.buffer).not.toBe(sent[0].bytes.buffer);
  });

  it("sends each real peer's datagrams with that peer's own address", async () => {
    const { env, host, batches } = await setup();
    const answers: unknown[] = [];
    host.attachRelay((out) => answers.push(...out), { address: '127.0.0.1', port: 5683 }, 'x');
    env.run(100);
    batches.length = 0;
    // Two NON publishes from one peer and one from another, each with a fresh address object.
    host.receiveExternal([
      { peer: { address: '127.0.0.1', port: 40001 }, bytes: publish(1) },
      { peer: { address: '127.0.0.1', port: 40001 }, bytes: publish(2) },
      { peer: { address: '127.0.0.1', port: 40002 }, bytes: publish(3) },
    ]);
    env.run(100);
    const inbound = batches
      .flatMap((b) => b.entries)
      .filter((e) => e.kind === 'datagram' && e.direction === 'to-gateway');
    expect(inbound.map((e) => e.kind === 'datagram' && [e.from.port, e.summary.messageId])).toEqual(
      [
        [40001, 1],
        [40001, 2],
        [40002, 3],
      ],
    );
  });

  it('streams the journal in batches no more often than every 16 ms, however fast entries come', async () => {
    const { env, host, batches } = await setup();
    await host.dispatch({ type: 'add-coap-client', name: 'a' });
    for (let i = 0; i < 200; i++) {
      await host.dispatch({
        type: 'send',
        client: 'a',
        spec: { method: 'POST', confirmable: false, path: `ps/t${i}` },
      });
      env.run(1);
    }
    env.run(100);
    const times = batches.map((b) => b.clock.realAt);
    for (let i = 1; i < times.length; i++)
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(16);
    const total = batches.reduce((n, b) => n + b.entries.length, 0);
    expect(total).toBe(host.current.journal.size);
  });

  it('sends a burst larger than a batch over the next batches, skipping none', async () => {
    // 60 publishes in one call: ~480 entries at once, about ten batches of 50.
    const { batches, sent, written, first } = await burst(50, 60);
    expect(written).toBeGreaterThan(300);
    expect(sent).toEqual(Array.from({ length: written }, (_, i) => first + i));
    for (const b of batches) expect(b.entries.length).toBeLessThanOrEqual(50);
    expect(batches.at(-1)?.skipped).toBe(0);
  });

  it('sends a batch of more than 500 entries as several messages of at most 500, in order', async () => {
    // 200 publishes in one call: ~1,600 entries in the first batch (of at most 2,000).
    const { batches, sent, written, first } = await burst(2000, 200);
    expect(written).toBeGreaterThan(1000);
    expect(sent).toEqual(Array.from({ length: written }, (_, i) => first + i));
    expect(Math.max(...batches.map((b) => b.entries.length))).toBe(500);
    // The parts of one batch carry the same clock: the page sees one moment, in several tasks.
    expect(batches[0].clock).toEqual(batches[1].clock);
  });

  it('skips the oldest of a burst the page could not catch up with, never the newest', async () => {
    const { batches, sent, written, first } = await burst(10, 60);
    // Ten batches' worth at most is kept for the page: the newest, in order.
    expect(sent).toEqual(Array.from({ length: 100 }, (_, i) => first + written - 100 + i));
    expect(batches.at(-1)?.skipped).toBe(written - 100);
  });

  it('counts as skipped what the ring let go before the page was sent it', async () => {
    const env = new FakeEnv();
    const host = new PlaygroundHost(env, { seed: 9, journalCapacity: 50 });
    const batches: ReadBatch[] = [];
    await host.connect(reading(batches));
    await host.dispatch({ type: 'add-coap-client', name: 'a' });
    // Forty publishes in one call, more entries than the ring of 50 keeps, before any batch.
    await host.dispatchAll(
      Array.from({ length: 40 }, () => ({
        type: 'send' as const,
        client: 'a',
        spec: { method: 'POST' as const, confirmable: false, path: 'ps/t' },
      })),
    );
    env.run(2000);
    const journal = host.current.journal;
    const sent = batches.flatMap((b) => b.entries.map((e) => e.seq));
    // Every entry reached the page or is counted: the page has the ring's 50, in order.
    expect(sent.length + (batches.at(-1)?.skipped ?? 0)).toBe(journal.next - 1);
    expect(sent.slice(-50)).toEqual(Array.from({ length: 50 }, (_, i) => journal.oldest + i));
  });

  it('paces batches to 10 a second while real peers talk, and sends only the newest of a flood', async () => {
    const { env, host, batches } = await setup();
    host.attachRelay(() => {}, { address: '127.0.0.1', port: 5683 }, 'x');
    env.run(100);
    const peer = { address: '127.0.0.1', port: 40001 };
    // A real peer at a trickle: one publish every 5 ms for a second.
    batches.length = 0;
    const start = host.current.journal.next;
    for (let i = 1; i <= 200; i++) {
      host.receiveExternal([{ peer, bytes: publish(i) }]);
      env.run(5);
    }
    env.run(200);
    const times = batches.map((b) => b.clock.realAt);
    for (let i = 1; i < times.length; i++)
      expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(100);
    expect(batches.reduce((n, b) => n + b.entries.length, 0)).toBe(
      host.current.journal.next - start,
    );
    expect(batches.at(-1)?.skipped).toBe(0);
    // A flood: 3,000 publishes in one go. The page gets at most 500 of them per batch, the
    // newest, and the rest are counted as skipped; the journal keeps every one.
    batches.length = 0;
    const before = host.current.journal.next;
    host.receiveExternal(
      Array.from({ length: 3000 }, (_, i) => ({ peer, bytes: publish(1000 + i) })),
    );
    env.run(1000);
    expect(batches.length).toBeGreaterThan(0);
    for (const b of batches) expect(b.entries.length).toBeLessThanOrEqual(500);
    const first = batches[0];
    expect(first.entries.at(-1)?.seq).toBe(before + first.skipped + first.entries.length - 1);
    expect(first.skipped).toBeGreaterThan(0);
    expect(host.current.journal.next - before).toBeGreaterThan(3000);
  });

  it('runs deadlines on real time at the clock rate: keep-alive expiry comes 100× sooner at ×100', async () => {
    const { env, host } = await setup();
    await host.dispatch({ type: 'add-coap-client', name: 'a' });
    await host.dispatch({
      type: 'send',
      client: 'a',
      spec: { method: 'POST', confirmable: true, path: 'ps/t' },
    });
    await host.dispatch({ type: 'clock-rate', rate: 100 });
    env.run(700); // 70 s of virtual time
    expect((await host.snapshot()).channels).toHaveLength(0);
  });

  it('pauses the clock and steps to the next deadline', async () => {
    const { host } = await setup();
    await host.dispatch({ type: 'clock-rate', rate: 0 });
    await host.dispatch({ type: 'add-coap-client', name: 'a' });
    await host.dispatch({
      type: 'send',
      client: 'a',
      spec: { method: 'POST', confirmable: true, path: 'ps/t' },
    });
    const before = (await host.snapshot()).now;
    expect((await host.dispatch({ type: 'clock-step' })).ok).toBe(true);
    const snap = await host.snapshot();
    expect(snap.now).toBeGreaterThan(before);
    expect(snap.channels[0].lastRecvAt).toBeLessThan(snap.now);
  });

  it('snapshots channels with their keep-alive deadline and observations', async () => {
    const { host } = await setup();
    await host.dispatch({ type: 'clock-rate', rate: 0 });
    await host.dispatch({ type: 'add-coap-client', name: 'a' });
    await host.dispatch({
      type: 'send',
      client: 'a',
      spec: { method: 'GET', confirmable: true, path: 'ps/x', observe: 0 },
    });
    const snap = await host.snapshot();
    expect(snap.channels[0]).toMatchObject({
      mode: 'connectionless',
      simulated: true,
      client: 'a',
    });
    expect(snap.channels[0].observes[0]).toMatchObject({ filter: 'x', qos: 1 });
    expect(snap.channels[0].expiresAt).toBe(60_000);
  });

  it('resets to a fresh world with a new config', async () => {
    const { host } = await setup();
    await host.dispatch({ type: 'add-coap-client', name: 'a' });
    await host.dispatch({ type: 'reset', config: { connection_required: true } });
    const snap = await host.snapshot();
    expect(snap.coapClients).toHaveLength(0);
    expect(snap.config.connection_required).toBe(true);
  });
});

describe('settings from the page URL', () => {
  it('starts over with the URL’s settings, reports bad ones, and gives back a canonical query', async () => {
    const { host } = await setup();
    const r = await host.dispatch({
      type: 'load-settings',
      query: '?connection_required=true&heartbeat=10s&bogus=1',
    });
    expect(rendered(r)).toEqual({ ok: true, notices: ["unknown setting 'bogus' ignored"] });
    const snap = await host.snapshot();
    expect(snap.config).toMatchObject({ connection_required: true, heartbeat: 10 });
    expect(snap.configQuery).toContain('connection_required=true&heartbeat=10s');
  });

  it('says so when the seed is not a whole number, and uses a random one (issue 26)', async () => {
    const { host } = await setup();
    const r = await host.dispatch({ type: 'load-settings', query: '?seed=abc' });
    expect(rendered(r)).toEqual({
      ok: true,
      notices: [
        'seed=abc is not valid (expected a whole number, e.g. seed=42); using a random seed',
      ],
    });
    await host.dispatch({ type: 'load-settings', query: '?seed=42' });
    expect((await host.snapshot()).seed).toBe(42);
  });
});

describe('capture export', () => {
  it('writes every journalled datagram into a pcapng our reader reads back, lost ones with a comment', async () => {
    const { host } = await setup();
    await host.dispatch({ type: 'clock-rate', rate: 0 });
    await host.dispatch({ type: 'add-coap-client', name: 'a' });
    await host.dispatch({
      type: 'send',
      client: 'a',
      spec: { method: 'POST', confirmable: true, path: 'ps/t' },
    });
    const bytes = await host.exportCapture(1_764_000_000_000);
    const { readPcap } = await import('../capture');
    const r = readPcap(bytes);
    expect(r.ok && r.datagrams.map((d) => [d.dst.port, d.timeMs])).toEqual([
      [5683, 1_764_000_000_000],
      [expect.any(Number), 1_764_000_000_000],
    ]);
  });
});

describe('recently closed channels', () => {
  /** Connects `dev` in connection mode and disconnects it: one channel closed, reason deleted. */
  async function openAndClose(host: PlaygroundHost, env: FakeEnv) {
    await host.dispatch({ type: 'load-settings', query: '?connection_required=true' });
    await host.dispatch({ type: 'add-coap-client', name: 'dev' });
    await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=dev' },
    });
    env.run(100);
    const token = host.current.coapClient('dev')?.history()[0].response?.payload;
    await host.dispatch({
      type: 'send',
      client: 'dev',
      spec: {
        method: 'DELETE',
        confirmable: true,
        path: `mqtt/connection?clientid=dev&token=${token}`,
      },
    });
    env.run(100);
  }

  it('lists each closed channel once, after a capture was opened and closed again', async () => {
    const { env, host } = await setup();
    await openAndClose(host, env);
    expect((await host.snapshot()).closed.map((c) => c.reason)).toEqual(['deleted']);
    const { readFileSync } = await import('node:fs');
    const pcap = readFileSync(
      new URL('../capture/testing/fixtures/libcoap-session.pcap', import.meta.url),
    );
    expect((await host.importCapture(new Uint8Array(pcap), 'session.pcap')).ok).toBe(true);
    env.run(500);
    await host.closeCapture();
    env.run(500);
    expect((await host.snapshot()).closed.map((c) => c.reason)).toEqual(['deleted']);
  });

  it('are kept by a headless world too, with no page attached', async () => {
    const env = new FakeEnv();
    const host = new PlaygroundHost(env, { seed: 9 });
    await openAndClose(host, env);
    expect((await host.snapshot()).closed).toEqual([
      expect.objectContaining({ clientId: 'dev', reason: 'deleted' }),
    ]);
  });
});
