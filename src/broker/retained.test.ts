import { describe, expect, it } from 'vitest';
import { Broker, forwardedRetainFlag } from './broker';
import { EMPTY, coap, msg, mqtt, ok, opts, text } from './testing/helpers';

const topics = (b: Broker, now = 0) => b.retained(now).map((m) => m.topic);
const payloads = (b: Broker, now = 0) =>
  b.retained(now).map((m) => `${m.topic}=${new TextDecoder().decode(m.payload)}`);

describe('retained messages', () => {
  it('keeps a message published with retain', () => {
    const b = new Broker();
    expect(ok(b.publish(msg('t', { retain: true, payload: text('on') }), 0)).retain).toBe('stored');
    expect(payloads(b)).toEqual(['t=on']);
  });

  it('does not keep a message published without retain, nor touch the retained one', () => {
    const b = new Broker();
    b.publish(msg('t', { retain: true, payload: text('on') }), 0);
    expect(ok(b.publish(msg('t', { payload: text('off') }), 0)).retain).toBe('none');
    expect(payloads(b)).toEqual(['t=on']);
  });

  it('replaces the retained message of the same topic', () => {
    const b = new Broker();
    b.publish(msg('t', { retain: true, payload: text('1') }), 0);
    expect(ok(b.publish(msg('t', { retain: true, payload: text('2') }), 0)).retain).toBe(
      'replaced',
    );
    expect(payloads(b)).toEqual(['t=2']);
  });

  it('clears the topic with an empty retained payload, and does not store it', () => {
    const b = new Broker();
    b.subscribe(mqtt('c1'), 't', opts(), 0);
    b.publish(msg('t', { retain: true }), 0);
    const r = ok(b.publish(msg('t', { retain: true, payload: EMPTY }), 0));
    expect(r.retain).toBe('cleared');
    expect(r.deliveries).toHaveLength(1); // processed normally [MQTT-3.3.1-6]
    expect(topics(b)).toEqual([]);
  });

  it('removes a retained message once it expires, and never sends it', () => {
    const b = new Broker();
    b.publish(msg('t', { retain: true, expiryInterval: 10, publishedAt: 0 }), 0);
    expect(topics(b, 10_000)).toEqual(['t']);
    expect(ok(b.subscribe(mqtt('late'), '#', opts(), 10_001)).retained).toEqual([]);
    expect(topics(b, 10_001)).toEqual([]);
    expect(b.retainedOf('t', 10_001)).toBeUndefined();
  });

  it('does not retain a message that has already expired, and it replaces the old one', () => {
    const b = new Broker();
    b.publish(msg('t', { retain: true }), 0);
    const r = ok(b.publish(msg('t', { retain: true, expiryInterval: 1, publishedAt: 0 }), 5_000));
    expect(r.retain).toBe('expired');
    expect(topics(b, 5_000)).toEqual([]);
  });

  it('keeps a retained message with expiry 0 forever, as the EMQX retainer does', () => {
    const b = new Broker();
    b.publish(msg('t', { retain: true, expiryInterval: 0 }), 0);
    expect(topics(b, 86_400_000)).toEqual(['t']);
  });

  it('evicts the oldest stored topic when full', () => {
    const b = new Broker({ maxRetained: 2 });
    b.publish(msg('a', { retain: true }), 0);
    b.publish(msg('b', { retain: true }), 1);
    b.publish(msg('a', { retain: true }), 2); // a is now the newest
    const r = ok(b.publish(msg('c', { retain: true }), 3));
    expect(r.evicted.map((m) => m.topic)).toEqual(['b']);
    expect(topics(b)).toEqual(['a', 'c']);
  });

  it('refuses a new topic when full if told to behave like EMQX', () => {
    const b = new Broker({ maxRetained: 1, retainedWhenFull: 'refuse-new' });
    b.publish(msg('a', { retain: true }), 0);
    expect(ok(b.publish(msg('b', { retain: true }), 0)).retain).toBe('refused');
    expect(ok(b.publish(msg('a', { retain: true, payload: text('2') }), 0)).retain).toBe(
      'replaced',
    );
    expect(payloads(b)).toEqual(['a=2']);
  });
});

describe('retained messages on subscribe', () => {
  const setup = () => {
    const b = new Broker();
    b.publish(msg('home/kitchen', { retain: true, qos: 2 }), 0);
    b.publish(msg('home/hall', { retain: true, qos: 0 }), 0);
    b.publish(msg('garden', { retain: true }), 0);
    return b;
  };

  it('sends the matching retained messages with Retain Handling 0, every time', () => {
    const b = setup();
    const first = ok(b.subscribe(mqtt('c1'), 'home/+', opts({ rh: 0 }), 5));
    expect(first.retained.map((d) => d.message.topic)).toEqual(['home/kitchen', 'home/hall']);
    expect(first.retained.every((d) => d.retained && d.at === 5 && d.filter === 'home/+')).toBe(
      true,
    );
    expect(ok(b.subscribe(mqtt('c1'), 'home/+', opts({ rh: 0 }), 6)).retained).toHaveLength(2);
  });

  it('sends them with Retain Handling 1 only when the subscription is new', () => {
    const b = setup();
    expect(ok(b.subscribe(mqtt('c1'), 'home/#', opts({ rh: 1 }), 0)).retained).toHaveLength(2);
    expect(ok(b.subscribe(mqtt('c1'), 'home/#', opts({ rh: 1 }), 0)).retained).toEqual([]);
  });

  it('never sends them with Retain Handling 2', () => {
    const b = setup();
    expect(ok(b.subscribe(mqtt('c1'), '#', opts({ rh: 2 }), 0)).retained).toEqual([]);
  });

  it('never sends them to a CoAP observer, whatever rh says (gateway-behaviour §1.9)', () => {
    const b = setup();
    const r = ok(b.subscribe(coap('ch', 'dev'), '#', opts({ rh: 0 }), 0));
    expect(r).toEqual({ ok: true, isNew: true, retained: [] });
  });

  it('sends them at the lower QoS and with the RETAIN flag set, even without rap', () => {
    const b = setup();
    const r = ok(b.subscribe(mqtt('c1'), 'home/+', opts({ qos: 1, rap: false }), 0));
    expect(r.retained.map((d) => [d.message.topic, d.qos, forwardedRetainFlag(d)])).toEqual([
      ['home/kitchen', 1, true],
      ['home/hall', 0, true],
    ]);
  });

  it('does not send a client its own retained message under No Local (as EMQX’s session)', () => {
    const b = new Broker();
    b.publish(msg('t', { retain: true, from: 'me' }), 0);
    expect(ok(b.subscribe(mqtt('me'), 't', opts({ nl: true }), 0)).retained).toEqual([]);
    expect(ok(b.subscribe(mqtt('you'), 't', opts({ nl: true }), 0)).retained).toHaveLength(1);
  });

  it('does not send $-topics to a subscription starting with a wildcard', () => {
    const b = new Broker();
    b.publish(msg('$SYS/uptime', { retain: true }), 0);
    expect(ok(b.subscribe(mqtt('c1'), '#', opts(), 0)).retained).toEqual([]);
    expect(ok(b.subscribe(mqtt('c1'), '$SYS/#', opts(), 0)).retained).toHaveLength(1);
  });
});
