import { describe, expect, it } from 'vitest';
import { Broker, forwardedRetainFlag } from './broker';
import { coap, msg, mqtt, ok, opts, text } from './testing/helpers';

const subsOf = (deliveries: Array<{ subscriber: { id: string }; filter: string }>) =>
  deliveries.map((d) => `${d.subscriber.id} ${d.filter}`).sort();

describe('subscribing', () => {
  it('refuses an invalid filter with the MQTT rule', () => {
    const b = new Broker();
    const r = b.subscribe(mqtt('c1'), 'a/#/b', opts(), 0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('[MQTT-4.7.1-2]');
    expect(b.subscriptions()).toEqual([]);
  });

  it('refuses QoS 3 and Retain Handling 3 as protocol errors', () => {
    const b = new Broker();
    expect(b.subscribe(mqtt('c1'), 'a', { ...opts(), qos: 3 as 0 }, 0)).toMatchObject({
      ok: false,
    });
    expect(b.subscribe(mqtt('c1'), 'a', { ...opts(), rh: 3 as 0 }, 0)).toMatchObject({ ok: false });
    expect(b.subscriptionCount).toBe(0);
  });

  it('says whether the subscription is new, and replaces the options of an existing one', () => {
    const b = new Broker();
    expect(ok(b.subscribe(mqtt('c1'), 'a/+', opts({ qos: 0 }), 0)).isNew).toBe(true);
    expect(ok(b.subscribe(mqtt('c1'), 'a/+', opts({ qos: 2 }), 0)).isNew).toBe(false);
    expect(b.subscriptionsOf('mqtt:c1')).toEqual([{ filter: 'a/+', options: opts({ qos: 2 }) }]);
    expect(b.subscriptionCount).toBe(1);
  });

  it('lists every subscription with its subscriber', () => {
    const b = new Broker();
    b.subscribe(mqtt('c1'), 'a', opts(), 0);
    b.subscribe(coap('1.2.3.4:5683', 'dev'), 'b/#', opts({ qos: 0 }), 0);
    expect(b.subscriptions()).toEqual([
      { subscriber: mqtt('c1'), filter: 'a', options: opts() },
      { subscriber: coap('1.2.3.4:5683', 'dev'), filter: 'b/#', options: opts({ qos: 0 }) },
    ]);
  });

  it('unsubscribes one filter and tells whether it existed', () => {
    const b = new Broker();
    b.subscribe(mqtt('c1'), 'a', opts(), 0);
    expect(b.unsubscribe('mqtt:c1', 'b')).toBe(false);
    expect(b.unsubscribe('mqtt:c1', 'a')).toBe(true);
    expect(b.unsubscribe('mqtt:c1', 'a')).toBe(false);
    expect(ok(b.publish(msg('a'), 0)).deliveries).toEqual([]);
  });

  it('drops all of a subscriber’s subscriptions when its channel goes away', () => {
    const b = new Broker();
    const dev = coap('ch1', 'dev');
    b.subscribe(dev, 'a', opts(), 0);
    b.subscribe(dev, 'b/+', opts(), 0);
    b.subscribe(mqtt('other'), 'a', opts(), 0);
    expect(b.unsubscribeAll('coap:ch1').sort()).toEqual(['a', 'b/+']);
    expect(b.unsubscribeAll('coap:ch1')).toEqual([]);
    expect(b.subscriptionsOf('coap:ch1')).toEqual([]);
    expect(subsOf(ok(b.publish(msg('a'), 0)).deliveries)).toEqual(['mqtt:other a']);
    expect(ok(b.publish(msg('b/x'), 0)).deliveries).toEqual([]);
  });
});

describe('publishing', () => {
  it('refuses a wildcard in the topic name by default', () => {
    const r = new Broker().publish(msg('a/+'), 0);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('[MQTT-4.7.1-1]');
  });

  it('publishes a CoAP topic with + literally when wildcards are allowed (gateway-behaviour §1.8)', () => {
    const b = new Broker();
    for (const f of ['a/+', '#', 'a/#', 'a/b']) b.subscribe(mqtt(f), f, opts(), 0);
    const r = ok(b.publish(msg('a/+'), 0, { allowWildcardName: true }));
    expect(r.message.topic).toBe('a/+');
    expect(subsOf(r.deliveries)).toEqual(['mqtt:# #', 'mqtt:a/# a/#', 'mqtt:a/+ a/+']);
  });

  it('still refuses an empty or NUL name when wildcards are allowed', () => {
    const b = new Broker();
    expect(b.publish(msg(''), 0, { allowWildcardName: true }).ok).toBe(false);
    expect(b.publish(msg('a\u0000'), 0, { allowWildcardName: true }).ok).toBe(false);
  });

  it('refuses QoS 3 and an expiry interval that is not a four-byte integer', () => {
    const b = new Broker();
    expect(b.publish(msg('a', { qos: 3 as 0 }), 0)).toMatchObject({ ok: false });
    expect(b.publish(msg('a', { expiryInterval: -1 }), 0)).toMatchObject({ ok: false });
    expect(b.publish(msg('a', { expiryInterval: 1.5 }), 0)).toMatchObject({ ok: false });
    expect(b.publish(msg('a', { expiryInterval: 2 ** 32 }), 0)).toMatchObject({ ok: false });
    expect(b.publish(msg('a', { expiryInterval: 2 ** 32 - 1 }), 0).ok).toBe(true);
  });

  it('numbers messages with a counter that only goes up', () => {
    const b = new Broker();
    const ids = [1, 2, 3].map(() => ok(b.publish(msg('a'), 0)).message.id);
    b.publish(msg('a/+'), 0); // refused: uses no id
    expect([...ids, ok(b.publish(msg('a'), 0)).message.id]).toEqual([1, 2, 3, 4]);
  });

  it('delivers one copy per matching subscription, even to the same subscriber', () => {
    // EMQX does the same for distinct filters: each arrives as {deliver, Filter, Msg}.
    const b = new Broker();
    b.subscribe(mqtt('c1'), 'a/+', opts(), 0);
    b.subscribe(mqtt('c1'), 'a/#', opts(), 0);
    b.subscribe(mqtt('c2'), 'x', opts(), 0);
    expect(subsOf(ok(b.publish(msg('a/b'), 0)).deliveries)).toEqual(['mqtt:c1 a/#', 'mqtt:c1 a/+']);
  });

  it('delivers at the lower of the published and the subscribed QoS', () => {
    const b = new Broker();
    b.subscribe(mqtt('q0'), 't', opts({ qos: 0 }), 0);
    b.subscribe(mqtt('q1'), 't', opts({ qos: 1 }), 0);
    b.subscribe(mqtt('q2'), 't', opts({ qos: 2 }), 0);
    const qos = (published: 0 | 1 | 2) =>
      ok(b.publish(msg('t', { qos: published }), 0))
        .deliveries.map((d) => `${d.subscriber.clientId}:${d.qos}`)
        .sort();
    expect(qos(0)).toEqual(['q0:0', 'q1:0', 'q2:0']);
    expect(qos(1)).toEqual(['q0:0', 'q1:1', 'q2:1']);
    expect(qos(2)).toEqual(['q0:0', 'q1:1', 'q2:2']);
  });

  it('carries the message, filter, options and time on each delivery', () => {
    const b = new Broker();
    b.subscribe(mqtt('c1'), 'a/+', opts({ qos: 2 }), 0);
    const r = ok(b.publish(msg('a/b', { qos: 1, payload: text('hi'), publishedAt: 5 }), 7));
    expect(r.deliveries).toEqual([
      {
        subscriber: mqtt('c1'),
        filter: 'a/+',
        options: opts({ qos: 2 }),
        message: r.message,
        qos: 1,
        retained: false,
        at: 7,
      },
    ]);
  });

  it('does not send an MQTT client its own publish when it subscribed with No Local', () => {
    const b = new Broker();
    b.subscribe(mqtt('me'), 't', opts({ nl: true }), 0);
    b.subscribe(mqtt('you'), 't', opts({ nl: true }), 0);
    expect(subsOf(ok(b.publish(msg('t', { from: 'me' }), 0)).deliveries)).toEqual(['mqtt:you t']);
  });

  it('sends a CoAP observer its own publish even with nl=1 (gateway-behaviour §1.9)', () => {
    const b = new Broker();
    b.subscribe(coap('ch', 'me'), 't', opts({ nl: true }), 0);
    expect(subsOf(ok(b.publish(msg('t', { from: 'me' }), 0)).deliveries)).toEqual(['coap:ch t']);
  });

  it('sends an MQTT client its own publish without No Local', () => {
    const b = new Broker();
    b.subscribe(mqtt('me'), 't', opts(), 0);
    expect(ok(b.publish(msg('t', { from: 'me' }), 0)).deliveries).toHaveLength(1);
  });

  it('never delivers a message that has already expired when published', () => {
    const b = new Broker();
    b.subscribe(mqtt('c1'), 't', opts(), 0);
    const r = ok(b.publish(msg('t', { expiryInterval: 10, publishedAt: 0 }), 10_001));
    expect(r.expired).toBe(true);
    expect(r.deliveries).toEqual([]);
  });

  it('delivers a message published with expiry 0 at that instant (EMQX: expired only after)', () => {
    const b = new Broker();
    b.subscribe(mqtt('c1'), 't', opts(), 0);
    const r = ok(b.publish(msg('t', { expiryInterval: 0, publishedAt: 100 }), 100));
    expect(r.expired).toBe(false);
    expect(r.deliveries).toHaveLength(1);
  });

  it('gives the RETAIN flag as Retain As Published says on live deliveries', () => {
    const b = new Broker();
    b.subscribe(mqtt('rap0'), 't', opts({ rap: false }), 0);
    b.subscribe(mqtt('rap1'), 't', opts({ rap: true }), 0);
    const flags = ok(b.publish(msg('t', { retain: true }), 0))
      .deliveries.map((d) => `${d.subscriber.clientId}:${forwardedRetainFlag(d)}`)
      .sort();
    expect(flags).toEqual(['rap0:false', 'rap1:true']);
  });
});
