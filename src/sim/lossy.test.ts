// A lossy link (30 % loss, 10 % duplication both ways): 1,000 CON publishes and 1,000 CON
// notifications. Each is handled by the receiving side exactly once, or reported as given up
// after MAX_RETRANSMIT; none twice, none silently lost; the journal accounts for every one.
import { describe, expect, it } from 'vitest';
import { decode, decodeString, encodeString, toHex } from '../coap';
import { World } from './world';
import type { JournalEntry } from './journal';

const N = 1000;

function run(seed: number) {
  // A long heartbeat: this test is about the message layer, not keep-alive.
  const w = new World({ seed, config: { heartbeat: 3600 } });
  w.addCoapClient('pub');
  w.addCoapClient('obs');
  w.setLink('pub', { loss: 0.3, delay: 10, duplicate: 0.1 });
  w.setLink('obs', { loss: 0.3, delay: 10, duplicate: 0.1 });
  w.addMqttClient('app');
  w.mqttSubscribe('app', 'up/#', { qos: 1 });
  // The subscription itself must get through: retry on a clean link, then make it lossy.
  w.setLink('obs', { loss: 0, delay: 10, duplicate: 0 });
  w.request('obs', {
    method: 'GET',
    confirmable: true,
    path: 'ps/down',
    observe: 0,
    token: encodeString('obs'),
  });
  w.advance(w.now + 1000);
  w.setLink('obs', { loss: 0.3, delay: 10, duplicate: 0.1 });

  const observer = w.gateway.liveChannels().find((c) => c.observes.size > 0);
  for (let i = 0; i < N; i++) {
    w.request('pub', {
      method: 'POST',
      confirmable: true,
      path: 'ps/up/x',
      payload: encodeString(`p${i}`),
    });
    // QoS 1 → a CON notification. One is in flight at a time (gateway-behaviour §1.10); wait until the window
    // is free again (acknowledged or given up, at most ~93 s), so the queue never overflows.
    w.mqttPublish('app', { topic: 'down', payload: `n${i}`, qos: 1 });
    for (
      let t = 0;
      t < 200 && (observer?.inflight !== undefined || (observer?.queue.length ?? 0) > 0);
      t++
    ) {
      w.advance(w.now + 1000);
    }
    w.advance(w.now + 500);
  }
  w.advance(w.now + 300_000); // let every retransmission end
  return w;
}

describe('a lossy link', () => {
  it('delivers each CON publish and each CON notification exactly once, or reports it given up', () => {
    const w = run(2026);
    const entries: JournalEntry[] = w.journal.since(0);
    const events = entries.filter((e) => e.kind !== 'datagram');

    // Publishes: what the gateway processed (journal `published`), by payload via MQTT.
    const app = w.mqttClient('app');
    const processed = (app?.inbox ?? []).map((m) => decodeString(m.payload));
    expect(new Set(processed).size).toBe(processed.length); // none twice
    // The client's give-ups, from the journal (its exchange list keeps only the latest 200).
    const payloadOfToken = new Map<string, string>();
    for (const e of entries) {
      if (e.kind !== 'datagram' || e.sender !== 'pub') continue;
      const m = decode(e.bytes);
      if (m.ok) payloadOfToken.set(toHex(m.message.token), decodeString(m.message.payload));
    }
    const gaveUp = new Set(
      events.flatMap((e) =>
        e.kind === 'world' && e.event.kind === 'request-timeout'
          ? [payloadOfToken.get(e.event.token)]
          : [],
      ),
    );
    for (let i = 0; i < N; i++) {
      const p = `p${i}`;
      // None silently lost: processed, or the client reported the give-up (it may be both, when
      // only the ACKs were lost).
      expect(processed.includes(p) || gaveUp.has(p)).toBe(true);
    }
    const published = events.filter(
      (e) => e.kind === 'gateway' && e.event.kind === 'published',
    ).length;
    expect(published).toBe(processed.length);

    // Notifications: what the observer's application saw, by payload.
    const received = events.flatMap((e) =>
      (e.kind === 'world' && e.event.kind === 'notification-received') ||
      (e.kind === 'world' && e.event.kind === 'response-received' && e.event.payload !== '')
        ? [e.event.payload]
        : [],
    );
    expect(new Set(received).size).toBe(received.length); // none twice
    const notifMid = new Map<number, string>();
    for (const e of entries) {
      if (
        e.kind === 'datagram' &&
        e.sender === 'gateway' &&
        e.summary.code === '2.05 Content' &&
        e.summary.type === 'CON'
      ) {
        const m = decode(e.bytes);
        if (m.ok) notifMid.set(m.message.messageId, decodeString(m.message.payload));
      }
    }
    const givenUp = new Set(
      events.flatMap((e) =>
        e.kind === 'gateway' && e.event.kind === 'gave-up' ? [notifMid.get(e.event.messageId)] : [],
      ),
    );
    const dropped = events.filter(
      (e) => e.kind === 'gateway' && e.event.kind === 'notification-dropped',
    ).length;
    expect(dropped).toBe(0);
    for (let i = 0; i < N; i++) {
      const n = `n${i}`;
      expect(received.includes(n) || givenUp.has(n)).toBe(true);
    }

    // The network really was lossy and duplicating, and the layers really did their work.
    const datagrams = entries.filter(
      (e): e is Extract<JournalEntry, { kind: 'datagram' }> => e.kind === 'datagram',
    );
    const lost = datagrams.filter((d) => d.fate === 'lost').length / datagrams.length;
    expect(lost).toBeGreaterThan(0.25);
    expect(lost).toBeLessThan(0.35);
    expect(datagrams.some((d) => d.fate === 'duplicated')).toBe(true);
    expect(events.some((e) => e.kind === 'gateway' && e.event.kind === 'duplicate')).toBe(true);
    expect(events.some((e) => e.kind === 'gateway' && e.event.kind === 'retransmission')).toBe(
      true,
    );
    expect(events.some((e) => e.kind === 'world' && e.event.kind === 'client-retransmission')).toBe(
      true,
    );
  });
});
