// RemoteBroker against a real mosquitto on free loopback ports (e2e/support/mosquitto.ts): the
// playground's side speaks MQTT 5 over WebSocket, as in the page; the "other" MQTT client is
// mqtt.js over plain TCP, as any device would be.
import mqtt from 'mqtt';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMosquitto } from '../../e2e/support/mosquitto';
import type { RunningMosquitto } from '../../e2e/support/mosquitto';
import type { Delivery, SubscriptionOptions } from '../broker';
import type { BrokerLinkEvent } from './api';
import { RemoteBroker } from './remote-broker';
import type { RemoteBrokerOptions } from './remote-broker';

let mosq: RunningMosquitto;
beforeAll(async () => {
  mosq = await startMosquitto();
}, 20_000);
afterAll(async () => {
  await mosq?.stop();
});

const open: Array<{ end(force?: boolean): unknown }> = [];
afterEach(() => {
  for (const c of open.splice(0)) c.end(true);
});

async function until(what: string, check: () => boolean, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A RemoteBroker on the test broker, with what it routed and reported. */
async function remote(opts: Partial<RemoteBrokerOptions> = {}) {
  const deliveries: Delivery[] = [];
  const events: BrokerLinkEvent[] = [];
  const b: RemoteBroker = new RemoteBroker({
    url: mosq.wsUrl,
    backoff: { initial: 200, max: 400 },
    onMessage: (m) => deliveries.push(...b.route(m, 1000)),
    onEvent: (e) => events.push(e),
    ...opts,
  });
  open.push({ end: () => b.stop() });
  b.start();
  await until('the WebSocket connection', () => b.state.state === 'connected');
  const settled = () => until('SUBACKs', () => b.pendingSubscriptions === 0);
  return { b, deliveries, events, settled };
}

/** Another MQTT 5 client, over TCP. */
async function device(id: string): Promise<{ c: MqttClient; got: IPublishPacket[] }> {
  const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${mosq.tcpPort}`, {
    protocolVersion: 5,
    clientId: id,
    reconnectPeriod: 0,
  });
  open.push(c);
  const got: IPublishPacket[] = [];
  c.on('message', (_t, _p, packet) => got.push(packet));
  return { c, got };
}

const opts = (qos: 0 | 1 | 2, rh: 0 | 1 | 2 = 0): SubscriptionOptions => ({
  qos,
  nl: false,
  rh,
  rap: false,
});
const coap = (id: string) => ({ id: `coap:${id}`, clientId: id, kind: 'coap' as const });
const mq = (id: string) => ({ id: `mqtt:${id}`, clientId: id, kind: 'mqtt' as const });
const bytes = (s: string) => new TextEncoder().encode(s);
const text = (p: Uint8Array) => new TextDecoder().decode(p);
const pub = (topic: string, payload: string, qos: 0 | 1 | 2, retain = false, expiry?: number) => ({
  topic,
  payload: bytes(payload),
  qos,
  retain,
  expiryInterval: expiry,
  publishedAt: 0,
  from: 'c1',
});

describe('RemoteBroker against mosquitto', () => {
  it('forwards a CoAP publish to real subscribers with its QoS, RETAIN flag and expiry', async () => {
    const { b } = await remote();
    const { c, got } = await device('dev-fwd');
    // Retain As Published, so the subscriber sees the publisher's RETAIN flag.
    await c.subscribeAsync('fwd/#', { qos: 2, rap: true });
    expect(b.publish(pub('fwd/a', 'hello', 1, true, 60)).ok).toBe(true);
    expect(b.publish(pub('fwd/b', 'plain', 0)).ok).toBe(true);
    await until('two messages', () => got.length === 2);
    const [a, p] = got;
    expect([a.topic, text(a.payload as Uint8Array), a.qos, a.retain]).toEqual([
      'fwd/a',
      'hello',
      1,
      true,
    ]);
    expect(a.properties?.messageExpiryInterval).toBeGreaterThanOrEqual(59);
    expect(a.properties?.messageExpiryInterval).toBeLessThanOrEqual(60);
    expect([p.topic, p.qos, p.retain, p.properties?.messageExpiryInterval]).toEqual([
      'fwd/b',
      0,
      false,
      undefined,
    ]);
    expect(b.stats.sent).toBe(2);
    b.publish(pub('fwd/a', '', 0, true)); // clear the retained message for the next tests
  });

  it('routes a real publish to exactly the subscribers of the filters it matched', async () => {
    const { b, deliveries, settled } = await remote();
    b.subscribe(coap('A'), 'ov/#', opts(1), 0);
    b.subscribe(mq('B'), 'ov/+', opts(2, 2), 0);
    b.subscribe(mq('C'), 'ov/#', opts(0, 2), 0);
    b.subscribe(coap('D'), 'other/x', opts(1), 0);
    expect(b.stats.filters).toBe(3);
    await settled();
    const { c } = await device('dev-ov');
    await c.publishAsync('ov/x', 'over', { qos: 1 });
    await until('three deliveries', () => deliveries.length >= 3);
    await new Promise((r) => setTimeout(r, 300)); // and no more
    const seen = deliveries.map((d) => `${d.subscriber.id} ${d.filter} q${d.qos}`).sort();
    expect(seen).toEqual(['coap:A ov/# q1', 'mqtt:B ov/+ q1', 'mqtt:C ov/# q0']);
    expect(deliveries.every((d) => text(d.message.payload) === 'over' && !d.retained)).toBe(true);
  });

  it('keeps one real subscription per filter until its last subscriber leaves', async () => {
    const { b, deliveries, settled } = await remote();
    b.subscribe(coap('A'), 'rc/t', opts(1), 0);
    b.subscribe(coap('B'), 'rc/t', opts(1), 0);
    b.subscribe(coap('S'), 'rc/sentinel', opts(1), 0);
    expect(b.stats.filters).toBe(2);
    await settled();
    const { c } = await device('dev-rc');
    expect(b.unsubscribe('coap:A', 'rc/t')).toBe(true);
    await c.publishAsync('rc/t', 'one', { qos: 1 });
    await until('one delivery', () => deliveries.length === 1);
    expect(deliveries[0].subscriber.id).toBe('coap:B');

    expect(b.unsubscribeAll('coap:B')).toEqual(['rc/t']);
    expect(b.stats.filters).toBe(1);
    await new Promise((r) => setTimeout(r, 200)); // the UNSUBSCRIBE reaches the broker
    const received = b.stats.received;
    await c.publishAsync('rc/t', 'two', { qos: 1 });
    await c.publishAsync('rc/sentinel', 'after', { qos: 1 });
    await until('the sentinel', () => deliveries.some((d) => d.filter === 'rc/sentinel'));
    // Only the sentinel arrived: the broker no longer sends rc/t to the playground at all.
    expect(b.stats.received).toBe(received + 1);
  });

  it('takes retained messages from the real broker: once to each MQTT subscriber that asks, never to CoAP observers', async () => {
    const { c } = await device('dev-ret');
    await c.publishAsync('ret/1', 'kept', { qos: 1, retain: true });
    const { b, deliveries, settled } = await remote();
    b.subscribe(coap('O'), 'ret/#', opts(1), 0);
    b.subscribe(mq('M1'), 'ret/#', opts(1, 0), 0);
    await settled();
    await until('the retained message for M1', () => deliveries.length === 1);
    expect(deliveries[0]).toMatchObject({
      subscriber: { id: 'mqtt:M1' },
      retained: true,
      message: { topic: 'ret/1', retain: true },
    });
    b.subscribe(mq('M2'), 'ret/#', opts(1, 0), 0);
    await settled();
    await until('the retained message for M2', () => deliveries.length === 2);
    expect(deliveries[1].subscriber.id).toBe('mqtt:M2');
    expect(b.retained(1000).map((m) => text(m.payload))).toEqual(['kept']);

    await c.publishAsync('ret/1', 'live', { qos: 1 });
    await until('the live message', () => deliveries.length === 5);
    await new Promise((r) => setTimeout(r, 200));
    expect(
      deliveries
        .slice(2)
        .map((d) => `${d.subscriber.id} ${d.retained}`)
        .sort(),
    ).toEqual(['coap:O false', 'mqtt:M1 false', 'mqtt:M2 false']);
    expect(deliveries).toHaveLength(5);
    await c.publishAsync('ret/1', '', { qos: 1, retain: true });
  });

  it('refuses a topic name with wildcards, which a real broker would close the connection for', () => {
    const events: BrokerLinkEvent[] = [];
    const b = new RemoteBroker({ url: 'ws://127.0.0.1:1', onEvent: (e) => events.push(e) });
    const r = b.publish(pub('a/+/b', 'x', 0));
    expect(r.ok).toBe(false);
    expect(events).toMatchObject([{ kind: 'dropped', why: 'refused', topic: 'a/+/b' }]);
    expect(b.stats.dropped).toBe(1);
  });

  it('queues what it accepts while the broker is down, sends it on reconnect and subscribes again', async () => {
    const { b, deliveries, events, settled } = await remote();
    b.subscribe(coap('O'), 'down/#', opts(1), 0);
    await settled();
    await mosq.kill();
    await until('the lost state', () => b.state.state === 'reconnecting');
    expect(events.map((e) => e.kind)).toContain('lost');
    expect(b.publish(pub('down/1', 'first', 1, true)).ok).toBe(true);
    expect(b.publish(pub('down/2', 'second', 0, true)).ok).toBe(true);
    expect(b.stats.queued).toBe(2);
    expect(b.queued.map((m) => m.topic)).toEqual(['down/1', 'down/2']);

    await mosq.restart();
    await until('the reconnect', () => b.state.state === 'connected', 10_000);
    await until('the flush', () => events.some((e) => e.kind === 'flushed'));
    expect(events.find((e) => e.kind === 'flushed')).toEqual({ kind: 'flushed', count: 2 });
    expect(events.find((e) => e.kind === 'connected' && e.resubscribed === 1)).toBeTruthy();
    expect(b.stats.queued).toBe(0);

    // Both queued publishes reached the new broker: a new subscriber gets them as retained.
    const { c, got } = await device('dev-down');
    await c.subscribeAsync('down/#', { qos: 1 });
    await until('both retained messages', () => got.length === 2);
    expect(got.map((p) => text(p.payload as Uint8Array)).sort()).toEqual(['first', 'second']);
    // And the subscription was made again: a real publish reaches the CoAP observer.
    await settled();
    const before = deliveries.length;
    await c.publishAsync('down/3', 'back', { qos: 1 });
    await until('the delivery', () => deliveries.length > before);
    expect(deliveries.at(-1)).toMatchObject({ subscriber: { id: 'coap:O' }, filter: 'down/#' });
    await c.publishAsync('down/1', '', { qos: 1, retain: true });
    await c.publishAsync('down/2', '', { qos: 1, retain: true });
  }, 30_000);

  it('drops a queued publish whose expiry ran out, and the oldest when the queue is full', async () => {
    let fakeNow = 1_000_000;
    const { b, events } = await remote({ realNow: () => fakeNow, maxQueued: 2 });
    await mosq.kill();
    await until('the lost state', () => b.state.state === 'reconnecting');
    b.publish(pub('exp/0', 'pushed out', 1, true));
    b.publish(pub('exp/1', 'too late', 1, true, 1));
    b.publish(pub('exp/2', 'in time', 1, true, 30));
    expect(b.queued.map((m) => m.topic)).toEqual(['exp/1', 'exp/2']);
    fakeNow += 2500; // the broker is away longer than exp/1's expiry
    await mosq.restart();
    await until('the reconnect', () => b.state.state === 'connected', 10_000);
    await until('the flush', () => events.some((e) => e.kind === 'flushed'));
    const dropped = events.flatMap((e) => (e.kind === 'dropped' ? [`${e.topic} ${e.why}`] : []));
    expect(dropped).toEqual(['exp/0 queue-full', 'exp/1 expired']);
    expect(b.stats).toMatchObject({ dropped: 2, flushed: 1, queued: 0 });
    const { c, got } = await device('dev-exp');
    await c.subscribeAsync('exp/#', { qos: 1 });
    await until('the one that was sent', () => got.length === 1);
    expect(got[0].topic).toBe('exp/2');
    // 30 s, less the 2 s it waited.
    expect(got[0].properties?.messageExpiryInterval).toBeLessThanOrEqual(28);
    await c.publishAsync('exp/2', '', { qos: 1, retain: true });
  }, 30_000);
});
