import { describe, expect, it } from 'vitest';
import { encodeString } from '../coap';
import { World } from './world';
import { renderMsg } from '../ui/i18n/msg';
import { VirtualClock } from './clock';

const text = (s: string) => encodeString(s);

describe('the world', () => {
  it('runs a connection-mode lifecycle between a simulated client and the gateway', () => {
    const w = new World({ seed: 1, config: { connection_required: true } });
    const c = w.addCoapClient('dev');
    const r = w.request('dev', {
      method: 'POST',
      confirmable: true,
      path: 'mqtt/connection?clientid=dev',
    });
    expect(r.ok).toBe(true);
    w.advance(10);
    const ex = c.history()[0];
    expect(ex.state).toBe('answered');
    expect(ex.response?.code).toBe('2.01');
    expect(w.gateway.registered('dev')?.token).toBe(ex.response?.payload);
  });

  it('bridges an MQTT publish to a CoAP observer and a CoAP publish to an MQTT subscriber', () => {
    const w = new World({ seed: 2 });
    w.addCoapClient('obs');
    const mqtt = w.addMqttClient('app');
    w.mqttSubscribe('app', 'up/#', { qos: 1 });
    w.request('obs', { method: 'GET', confirmable: true, path: 'ps/down', observe: 0 });
    w.advance(10);
    w.mqttPublish('app', { topic: 'down', payload: 'cmd', qos: 1 });
    w.advance(20);
    const obs = w.coapClient('obs');
    expect(obs?.history()[0].notifications).toBe(1);
    w.request('obs', {
      method: 'POST',
      confirmable: false,
      path: 'ps/up/temp',
      payload: text('21.5'),
    });
    w.advance(30);
    expect(mqtt.inbox.map((m) => new TextDecoder().decode(m.payload))).toEqual(['21.5']);
    expect(mqtt.inbox[0].qos).toBe(0);
  });

  it('journals every datagram with its fate and summary, and every gateway event', () => {
    const w = new World({ seed: 3 });
    w.addCoapClient('a');
    w.request('a', { method: 'POST', confirmable: true, path: 'ps/t', payload: text('x') });
    w.advance(5);
    const entries = w.journal.since(0);
    const datagrams = entries.filter((e) => e.kind === 'datagram');
    expect(datagrams).toHaveLength(2);
    expect(datagrams.map((d) => d.kind === 'datagram' && d.summary.code)).toEqual([
      '0.02 POST',
      '2.04 Changed',
    ]);
    expect(entries.some((e) => e.kind === 'gateway' && e.event.kind === 'published')).toBe(true);
  });

  it('retransmits a CON request over a lossy link until it gets through', () => {
    const w = new World({ seed: 4 });
    w.addCoapClient('lossy');
    w.setLink('lossy', { loss: 0.8, delay: 20, duplicate: 0 });
    w.request('lossy', { method: 'POST', confirmable: true, path: 'ps/t', payload: text('x') });
    w.advance(120_000);
    const ex = w.coapClient('lossy')?.history()[0];
    const lost = w.journal
      .since(0)
      .filter((e) => e.kind === 'datagram' && e.fate === 'lost').length;
    expect(['answered', 'timed-out']).toContain(ex?.state);
    expect(lost).toBeGreaterThan(0);
    expect(w.gateway.stats.received).toBeGreaterThanOrEqual(1);
  });

  it('is deterministic: the same seed and script give the same journal bytes', () => {
    const run = () => {
      const w = new World({ seed: 42, config: { connection_required: true } });
      w.addCoapClient('d');
      w.setLink('d', { loss: 0.3, delay: 5, duplicate: 0.1 });
      w.request('d', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=d' });
      w.advance(100_000);
      return w.journal
        .since(0)
        .map((e) => JSON.stringify(e, (_k, v) => (v instanceof Uint8Array ? [...v] : v)));
    };
    expect(run()).toEqual(run());
  });

  it('answers a real peer’s datagram through takeExternal', () => {
    const w = new World({ seed: 5 });
    const bytes = Uint8Array.of(0x40, 0x00, 0x12, 0x34); // CoAP ping
    w.receiveExternal(bytes, { address: '127.0.0.1', port: 40000 });
    const out = w.takeExternal();
    expect(out).toHaveLength(1);
    expect([...out[0].bytes]).toEqual([0x70, 0x00, 0x12, 0x34]);
  });
});

describe('the virtual clock', () => {
  it('maps real time to virtual time at a rate, pauses, and never runs backwards', () => {
    const c = new VirtualClock(1000, 1);
    expect(c.now(1500)).toBe(500);
    c.setRate(10, 1500);
    expect(c.now(1600)).toBe(1500);
    c.setRate(0, 1600);
    expect(c.now(9999)).toBe(1500);
    expect(c.jumpTo(1000, 9999)).toBe(1500);
    expect(c.jumpTo(60_000, 9999)).toBe(60_000);
    expect(c.realDelayUntil(70_000, 9999)).toBeUndefined();
    c.setRate(100, 10_000);
    expect(c.realDelayUntil(70_000, 10_000)).toBe(100);
  });
});

describe('datagram summaries', () => {
  it('summarizes an outgoing message exactly as decoding its bytes would', async () => {
    const { summarizeBytes, summarizeMessage } = await import('./summary');
    const { decode } = await import('../coap');
    const w = new World({ seed: 8 });
    w.addCoapClient('s');
    w.request('s', { method: 'GET', confirmable: true, path: 'ps/a/b?c=1', observe: 0 });
    w.advance(10);
    for (const e of w.journal.since(0)) {
      if (e.kind !== 'datagram') continue;
      const m = decode(e.bytes);
      if (!m.ok) throw new Error('undecodable');
      expect(summarizeMessage(m.message)).toEqual(summarizeBytes(e.bytes));
      expect(e.summary).toEqual(summarizeBytes(e.bytes));
    }
  });
});

describe('cause and effect in the journal', () => {
  const datagrams = (w: World) =>
    w.journal.since(0).flatMap((e) => (e.kind === 'datagram' ? [e] : []));

  it('a notification names the publish that produced it, and the observer’s ACK names the notification', () => {
    const w = new World({ seed: 3 });
    w.addCoapClient('obs');
    w.addCoapClient('pub');
    w.request('obs', { method: 'GET', confirmable: true, path: 'ps/t', observe: 0 });
    w.advance(10);
    w.request('pub', {
      method: 'POST',
      confirmable: true,
      path: 'ps/t?qos=1',
      payload: text('hi'),
    });
    w.advance(20);
    const all = datagrams(w);
    const publish = all.find((d) => d.sender === 'pub' && d.summary.code === '0.02 POST');
    const notification = all.find((d) => renderMsg(d.meaning).startsWith('notification on t'));
    const ack = all.find((d) => renderMsg(d.meaning).startsWith('ACK for notification'));
    expect(notification).toMatchObject({ cause: publish?.seq, causeKind: 'publish' });
    expect(ack).toMatchObject({ cause: notification?.seq, causeKind: 'message' });
  });

  it('an MQTT publish causes the notification; a retransmission names what it repeats', () => {
    const w = new World({ seed: 4 });
    w.addCoapClient('obs');
    w.addMqttClient('app');
    w.request('obs', { method: 'GET', confirmable: true, path: 'ps/t', observe: 0 });
    w.advance(10);
    w.setLink('obs', { loss: 1, delay: 0, duplicate: 0 });
    w.mqttPublish('app', { topic: 't', payload: text('x'), qos: 1 });
    w.advance(w.now + 10_000);
    const published = w.journal
      .since(0)
      .find((e) => e.kind === 'world' && e.event.kind === 'mqtt-published');
    const sent = datagrams(w).filter((d) => d.sender === 'gateway' && d.summary.type === 'CON');
    expect(sent[0]).toMatchObject({ cause: published?.seq, causeKind: 'publish' });
    expect(sent.length).toBeGreaterThan(2);
    for (let i = 1; i < sent.length; i++)
      expect(sent[i]).toMatchObject({
        cause: sent[i - 1].seq,
        causeKind: 'repeat',
        retransmission: i,
      });
  });
});

describe('a channel that follows its clientid to a new port', () => {
  it('says so on the reply that moved it, with the document’s example that loses notifications', () => {
    const w = new World({ seed: 5, config: { connection_required: true } });
    w.addCoapClient('observer');
    w.addCoapClient('publisher');
    w.request('observer', {
      method: 'POST',
      confirmable: true,
      path: 'mqtt/connection?clientid=123',
    });
    w.advance(10);
    const token = w.coapClient('observer')?.history()[0].response?.payload;
    w.request('publisher', {
      method: 'POST',
      confirmable: true,
      path: `ps/coap/test?clientid=123&token=${token}`,
      payload: text('hi'),
    });
    w.advance(20);
    const reply = w.journal
      .since(0)
      .flatMap((e) => (e.kind === 'datagram' && e.sender === 'gateway' ? [e] : []))
      .at(-1);
    const from = w.coapClient('observer')?.endpoint;
    expect(renderMsg(reply?.meaning)).toContain(
      `the channel moved here from ${from?.address}:${from?.port}`,
    );
    expect(reply?.notes?.map((n) => n.id)).toContain('peer-moved');
  });
});
