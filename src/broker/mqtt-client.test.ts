import { describe, expect, it } from 'vitest';
import { Broker } from './broker';
import { VirtualMqttClient } from './mqtt-client';
import { coap, msg, ok, opts } from './testing/helpers';

const decode = (p: Uint8Array) => new TextDecoder().decode(p);

describe('a virtual MQTT client', () => {
  it('subscribes under the id mqtt:<clientId> with MQTT’s default options', () => {
    const b = new Broker();
    const c = new VirtualMqttClient(b, 'c1');
    ok(c.subscribe('a/#', { qos: 1 }, 0));
    expect(b.subscriptionsOf('mqtt:c1')).toEqual([{ filter: 'a/#', options: opts({ qos: 1 }) }]);
  });

  it('publishes as itself, and may not use wildcards in a topic name', () => {
    const b = new Broker();
    const c = new VirtualMqttClient(b, 'c1');
    const r = ok(c.publish({ topic: 'a', payload: 'hi', qos: 1 }, 42));
    expect(r.message).toMatchObject({ from: 'c1', publishedAt: 42, qos: 1, retain: false });
    expect(decode(r.message.payload)).toBe('hi');
    expect(c.publish({ topic: 'a/+', payload: 'x', qos: 0 }, 0).ok).toBe(false);
  });

  it('receives a publish from a CoAP device at the delivery QoS', () => {
    const b = new Broker();
    const c = new VirtualMqttClient(b, 'app');
    c.subscribe('sensors/+', { qos: 0 }, 0);
    const r = ok(b.publish(msg('sensors/t1', { qos: 1, from: 'dev1' }), 10));
    for (const d of r.deliveries) c.receive(d);
    expect(c.inbox).toEqual([
      {
        messageId: r.message.id,
        topic: 'sensors/t1',
        payload: r.message.payload,
        qos: 0,
        retain: false,
        expiryInterval: undefined,
        filter: 'sensors/+',
        from: 'dev1',
        receivedAt: 10,
      },
    ]);
  });

  it('puts the retained messages it gets on subscribe into its inbox, flagged retained', () => {
    const b = new Broker();
    b.publish(msg('t', { retain: true }), 0);
    const c = new VirtualMqttClient(b, 'c1');
    const r = ok(c.subscribe('t', { qos: 1 }, 5));
    expect(r.retained).toHaveLength(1);
    expect(c.inbox.map((m) => [m.topic, m.retain, m.receivedAt])).toEqual([['t', true, 5]]);
  });

  it('keeps the RETAIN flag of a live publish only with Retain As Published', () => {
    const b = new Broker();
    const plain = new VirtualMqttClient(b, 'plain');
    const rap = new VirtualMqttClient(b, 'rap');
    plain.subscribe('t', { qos: 1 }, 0);
    rap.subscribe('t', { qos: 1, rap: true }, 0);
    const clients = new Map([plain, rap].map((c) => [c.id, c]));
    for (const d of ok(b.publish(msg('t', { retain: true }), 0)).deliveries) {
      clients.get(d.subscriber.id)?.receive(d);
    }
    expect(plain.inbox[0].retain).toBe(false);
    expect(rap.inbox[0].retain).toBe(true);
  });

  it('sees the expiry interval that is left when the message reaches it', () => {
    const b = new Broker();
    b.publish(msg('t', { retain: true, expiryInterval: 60, publishedAt: 0 }), 0);
    const c = new VirtualMqttClient(b, 'c1');
    c.subscribe('t', { qos: 1 }, 15_500);
    expect(c.inbox[0].expiryInterval).toBe(45);
  });

  it('does not get its own publishes back when subscribed with No Local', () => {
    const b = new Broker();
    const c = new VirtualMqttClient(b, 'c1');
    c.subscribe('t', { qos: 1, nl: true }, 0);
    expect(ok(c.publish({ topic: 't', payload: 'x', qos: 0 }, 0)).deliveries).toEqual([]);
    b.subscribe(coap('ch', 'c1'), 't', opts({ nl: true }), 0);
    expect(ok(c.publish({ topic: 't', payload: 'x', qos: 0 }, 0)).deliveries).toHaveLength(1);
  });

  it('keeps at most inboxLimit messages, dropping the oldest and counting them', () => {
    const b = new Broker();
    const c = new VirtualMqttClient(b, 'c1', { inboxLimit: 3 });
    c.subscribe('t', { qos: 0 }, 0);
    for (let i = 0; i < 5; i++) {
      for (const d of ok(b.publish(msg('t', { payload: new Uint8Array([i]) }), i)).deliveries) {
        c.receive(d);
      }
    }
    expect(c.inbox.map((m) => m.payload[0])).toEqual([2, 3, 4]);
    expect(c.dropped).toBe(2);
  });

  it('keeps 1,000 messages by default', () => {
    expect(new VirtualMqttClient(new Broker(), 'c1').inboxLimit).toBe(1000);
  });

  it('unsubscribes one filter, or all of them', () => {
    const b = new Broker();
    const c = new VirtualMqttClient(b, 'c1');
    c.subscribe('a', { qos: 0 }, 0);
    c.subscribe('b', { qos: 0 }, 0);
    expect(c.unsubscribe('a')).toBe(true);
    expect(c.unsubscribeAll()).toEqual(['b']);
    expect(b.subscriptions()).toEqual([]);
  });
});
