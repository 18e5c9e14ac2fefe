// docs/gateway-behaviour.md §1.14: what the management API does to a client, sans-IO (kick, a
// subscription made on the client's behalf), and the $SYS client events (emqx_sys) on connect and
// close. Reference tests: emqx_coap_SUITE t_clients_api (kick), t_clients_subscription_api,
// t_clients_get_subscription_api, t_on_offline_event.
import { describe, expect, it } from 'vitest';
import { decodeString } from '../coap';
import { Harness } from './testing/harness';

const SYS = '$SYS/brokers/emqx@127.0.0.1/gateway/coap/clients';

function connected(clientid = 'client1') {
  const h = new Harness({ connection_required: true, heartbeat: 30 });
  const c = h.client(50000);
  const token = c.post(`mqtt/connection?clientid=${clientid}`)?.text ?? '';
  return { h, c, token };
}

/** An MQTT subscriber to `filter` in the harness's broker. */
function mqttSub(h: Harness, filter: string) {
  h.broker.subscribe(
    { id: 'mqtt:watcher', clientId: 'watcher', kind: 'mqtt' },
    filter,
    { qos: 0, nl: false, rh: 0, rap: false },
    h.now,
  );
  return () =>
    h.mqttDeliveries.map((d) => ({
      topic: d.message.topic,
      payload: JSON.parse(decodeString(d.message.payload)) as Record<string, unknown>,
    }));
}

describe('kick (DELETE /gateways/coap/clients/:clientid)', () => {
  it('closes the channel with reason kicked and sends the device nothing', () => {
    const { h, c } = connected();
    const before = c.inbox.length;
    const r = h.gateway.kick('client1', h.now);
    expect(r).toBeDefined();
    if (r) h.absorb(r);
    expect(h.eventsOf('channel-closed')).toMatchObject([{ clientId: 'client1', reason: 'kicked' }]);
    expect(h.gateway.liveChannels()).toHaveLength(0);
    expect(h.gateway.registered('client1')).toBeUndefined();
    expect(c.inbox.length).toBe(before);
  });

  it('is undefined for a clientid nobody is connected as', () => {
    const { h } = connected();
    expect(h.gateway.kick('nobody', h.now)).toBeUndefined();
  });
});

describe('subscriptions made by the API', () => {
  it('lists none, then the one it made, with the options given; delete removes it', () => {
    const { h } = connected();
    expect(h.gateway.subscriptionsOf('client1')).toEqual([]);
    const r = h.gateway.apiSubscribe('client1', 'tx', { qos: 0, nl: 0, rh: 0, rap: 0 }, h.now);
    expect(r).toMatchObject({ ok: true, subscription: { topic: 'tx', qos: 0, nl: 0, rh: 0 } });
    expect(h.gateway.subscriptionsOf('client1')).toEqual([
      { topic: 'tx', qos: 0, nl: 0, rh: 0, rap: 0 },
    ]);
    expect(h.broker.subscriptionsOf(h.gateway.registered('client1')?.subscriberId ?? '')).toEqual([
      { filter: 'tx', options: { qos: 0, nl: false, rh: 0, rap: false } },
    ]);
    expect(h.gateway.apiUnsubscribe('client1', 'tx', h.now)).toMatchObject({ ok: true });
    expect(h.gateway.subscriptionsOf('client1')).toEqual([]);
    expect(h.gateway.apiUnsubscribe('client1', 'tx', h.now)).toEqual({
      ok: false,
      error: 'no-subscription',
    });
  });

  it('stores the observation with an empty token: the device gets notifications with no token', () => {
    const { h, c } = connected();
    const r = h.gateway.apiSubscribe('client1', 'down/1', { qos: 1, nl: 0, rh: 1, rap: 0 }, h.now);
    if (r.ok) h.absorb(r.result);
    expect(h.eventsOf('observe-added')).toMatchObject([{ topic: 'down/1', token: '' }]);
    const p = h.broker.publish(
      {
        topic: 'down/1',
        payload: new TextEncoder().encode('to the device'),
        qos: 0,
        retain: false,
        publishedAt: h.now,
        from: 'someone',
      },
      h.now,
    );
    if (p.ok) h.absorb(h.gateway.deliver(p.deliveries, h.now));
    const [n] = c.notifications();
    expect(n).toMatchObject({ code: '2.05', text: 'to the device' });
    expect(n.message.token).toHaveLength(0);
    expect(n.message.type).toBe('NON');
    expect(n.observe).toBeTypeOf('number');
  });

  it('lists a subscription the device made by observing, and not once it cancels', () => {
    const { h, c, token } = connected();
    c.get(`ps/coap/observe?clientid=client1&token=${token}`, { observe: 0, token: 'ob' });
    expect(h.gateway.subscriptionsOf('client1')).toMatchObject([{ topic: 'coap/observe' }]);
    c.get(`ps/coap/observe?clientid=client1&token=${token}`, { observe: 1, token: 'ob' });
    expect(h.gateway.subscriptionsOf('client1')).toEqual([]);
  });

  it('refuses an invalid topic filter and an unknown client', () => {
    const { h } = connected();
    const opts = { qos: 0, nl: 0, rh: 1, rap: 0 } as const;
    expect(h.gateway.apiSubscribe('client1', 'a/#/b', opts, h.now)).toMatchObject({ ok: false });
    expect(h.gateway.apiSubscribe('nobody', 'a', opts, h.now)).toEqual({
      ok: false,
      error: 'not-found',
    });
  });
});

describe('$SYS client events (emqx_sys, t_on_offline_event)', () => {
  it('publishes connected on connect and disconnected on DELETE mqtt/connection, with the reference fields', () => {
    const h = new Harness({ connection_required: true, heartbeat: 30 });
    const seen = mqttSub(h, '$SYS/brokers/+/gateway/coap/clients/+/#');
    const c = h.client(50001);
    const token = c.post('mqtt/connection?clientid=dev1')?.text ?? '';
    c.delete(`mqtt/connection?clientid=dev1&token=${token}`);
    const [conn, disc] = seen();
    expect(conn.topic).toBe(`${SYS}/dev1/connected`);
    expect(conn.payload).toMatchObject({
      clientid: 'dev1',
      ipaddress: '127.0.0.1',
      sockport: 5683,
      protocol: 'coap',
      proto_name: 'CoAP',
      proto_ver: '1',
      keepalive: 15,
      clean_start: true,
      expiry_interval: 0,
    });
    expect(Object.keys(conn.payload)).toEqual(
      expect.arrayContaining(['connected_at', 'ts', 'conn_props', 'client_attrs', 'username']),
    );
    expect(disc.topic).toBe(`${SYS}/dev1/disconnected`);
    expect(disc.payload).toMatchObject({ clientid: 'dev1', reason: 'normal' });
    expect(disc.payload).toHaveProperty('disconnected_at');
    expect(h.eventsOf('sys-event').map((e) => [e.event, e.deliveries])).toEqual([
      ['connected', 1],
      ['disconnected', 1],
    ]);
  });

  it('says kicked and keepalive_timeout; a failed login sends none', () => {
    const h = new Harness({ connection_required: true, heartbeat: 30 });
    const seen = mqttSub(h, '$SYS/#');
    h.client(50002).post('mqtt/connection?clientid=a');
    const r = h.gateway.kick('a', h.now);
    if (r) h.absorb(r);
    h.client(50003).post('mqtt/connection?clientid=b');
    h.client(50005).post('mqtt/connection'); // login fails: never connected
    h.advance(60_000);
    const events = seen().map((s) => [s.topic.split('/').slice(-2).join('/'), s.payload.reason]);
    expect(events).toEqual([
      ['a/connected', undefined],
      ['a/disconnected', 'kicked'],
      ['b/connected', undefined],
      ['b/disconnected', 'keepalive_timeout'],
    ]);
  });
});
