// docs/gateway-behaviour.md §1.7: query parameters. Every Uri-Query entry is split on `=` and only entries with exactly
// one `=` survive (emqx_coap_frame:get_option_val/2); the last duplicate wins; the short names
// c, t, u, p, q, r overwrite their long forms (emqx_coap_message:expand_short_param_name/1);
// numbers go through an unguarded binary_to_integer, so a bad one crashes the channel.
import { describe, expect, it } from 'vitest';
import { parseQuery, strictInteger } from './query';
import { Harness } from './testing/harness';

const USERS = { type: 'users' as const, users: [{ username: 'dev', password: 'c2VjcmV0=' }] };

/** A harness with an MQTT subscriber on `t`, so every publish shows its MQTT message. */
function withMqttSubscriber(config = {}) {
  const h = new Harness(config);
  h.broker.subscribe(
    { id: 'mqtt:m', clientId: 'm', kind: 'mqtt' },
    't',
    { qos: 2, nl: false, rh: 0, rap: false },
    h.now,
  );
  const published = () => h.mqttDeliveries.map((d) => d.message);
  return { h, published };
}

describe('§1.7 entries without exactly one "="', () => {
  it('drops `plain` and `a=b=c` and keeps `k=v`, `k=` and `=v`', () => {
    const q = parseQuery(['plain', 'a=b=c', 'k=v', 'e=', '=v']);
    expect([...q.params]).toEqual([
      ['k', 'v'],
      ['e', ''],
      ['', 'v'],
    ]);
    expect(q.dropped).toEqual(['plain', 'a=b=c']);
  });

  it('a dropped clientid is missing: connect answers "Login Failed: clientid is required"', () => {
    const h = new Harness({ connection_required: true });
    const r = h.client().post('mqtt/connection?clientid=a=b');
    expect([r?.code, r?.text]).toEqual(['4.00', 'Login Failed: clientid is required']);
  });

  it('a base64 password ending in "=" is dropped, so login fails as it would', () => {
    const h = new Harness({ connection_required: true, authentication: USERS });
    const r = h.client().post('mqtt/connection?clientid=c1&username=dev&password=c2VjcmV0=');
    expect([r?.code, r?.text]).toEqual(['4.00', 'Login Failed: not_authorized']);
  });

  it('the same base64 password with "=" percent-encoded in the URI is still two "=" on the wire: dropped', () => {
    const h = new Harness({ connection_required: true, authentication: USERS });
    const r = h.client().post('mqtt/connection?clientid=c1&username=dev&password=c2VjcmV0%3D');
    expect(r?.code).toBe('4.00');
  });

  it('a base64 password with "=" fails connectionless authentication too: 4.01', () => {
    const h = new Harness({ authentication: USERS });
    const r = h.client().post('ps/t?username=dev&p=c2VjcmV0=');
    expect([r?.code, r?.text]).toEqual(['4.01', '']);
  });

  it('`plain` in a publish is ignored and the publish goes through', () => {
    const { h, published } = withMqttSubscriber();
    expect(h.client().post('ps/t?plain&qos=2', { payload: 'x' })?.code).toBe('2.04');
    expect(published()[0].qos).toBe(2);
  });
});

describe('§1.7 duplicates and short names', () => {
  it('the last duplicate wins', () => {
    expect(parseQuery(['qos=0', 'qos=2', 'qos=1']).params.get('qos')).toBe('1');
    const { h, published } = withMqttSubscriber();
    h.client().post('ps/t?qos=2&qos=1', { type: 'NON' });
    expect(published()[0].qos).toBe(1);
  });

  it.each([
    ['c', 'clientid'],
    ['t', 'token'],
    ['u', 'username'],
    ['p', 'password'],
    ['q', 'qos'],
    ['r', 'retain'],
  ])('the short name %s means %s', (short, long) => {
    expect(parseQuery([`${short}=v`]).params.get(long)).toBe('v');
  });

  it('short wins over long, whatever the order', () => {
    expect(parseQuery(['c=short', 'clientid=long']).params.get('clientid')).toBe('short');
    expect(parseQuery(['clientid=long', 'c=short']).params.get('clientid')).toBe('short');
  });

  it('short wins over long in a publish: q=0 beats qos=2 either way round', () => {
    const { h, published } = withMqttSubscriber();
    const c = h.client();
    c.post('ps/t?qos=2&q=0');
    c.post('ps/t?q=0&qos=2');
    expect(published().map((m) => m.qos)).toEqual([0, 0]);
  });

  it('short wins over long at connect: the channel takes the clientid of c', () => {
    const h = new Harness({ connection_required: true });
    const r = h.client().post('mqtt/connection?c=short&clientid=long');
    expect(r?.code).toBe('2.01');
    expect(h.gateway.registered('short')).toBeDefined();
    expect(h.gateway.registered('long')).toBeUndefined();
  });

  it('the last duplicate of a short name wins too', () => {
    expect(parseQuery(['c=one', 'c=two', 'clientid=three']).params.get('clientid')).toBe('two');
  });

  it('there are no short names for expiry, nl or rh', () => {
    const params = parseQuery(['e=60', 'n=1', 'x=1', 'exp=5']).params;
    expect(params.get('expiry')).toBeUndefined();
    expect(params.get('nl')).toBeUndefined();
    expect(params.get('rh')).toBeUndefined();
    const { h, published } = withMqttSubscriber();
    h.client().post('ps/t?e=60');
    expect(published()[0].expiryInterval).toBeUndefined();
  });

  it('names are case-sensitive: C=1 and QOS=2 are not clientid and qos', () => {
    const params = parseQuery(['C=1', 'QOS=2']).params;
    expect(params.get('clientid')).toBeUndefined();
    expect(params.get('qos')).toBeUndefined();
  });
});

describe('§1.7 retain and the other publish parameters', () => {
  it('retain=true sets the MQTT retain flag', () => {
    const { h, published } = withMqttSubscriber();
    h.client().post('ps/t?retain=true', { payload: 'kept' });
    expect(published()[0].retain).toBe(true);
    expect(h.broker.retainedOf('t', h.now)?.payload).toEqual(new TextEncoder().encode('kept'));
  });

  it('r=true is retain too', () => {
    const { h, published } = withMqttSubscriber();
    h.client().post('ps/t?r=true', { payload: 'kept' });
    expect(published()[0].retain).toBe(true);
  });

  it.each(['1', 'True', 'TRUE', 'yes', ''])(
    'r=%s is not retain: only the exact string true counts',
    (v) => {
      const { h, published } = withMqttSubscriber();
      h.client().post(`ps/t?r=${v}`, { payload: 'x' });
      expect(published()[0].retain).toBe(false);
      expect(h.broker.retainedOf('t', h.now)).toBeUndefined();
    },
  );

  it('expiry=60 sets the Message-Expiry-Interval to 60 s', () => {
    const { h, published } = withMqttSubscriber();
    h.client().post('ps/t?expiry=60', { payload: 'x' });
    expect(published()[0].expiryInterval).toBe(60);
  });

  it('qos from the query decides the MQTT QoS: qos=2 on a NON publish', () => {
    const { h, published } = withMqttSubscriber();
    h.client().post('ps/t?qos=2', { type: 'NON' });
    expect(published()[0].qos).toBe(2);
  });
});

describe('§1.7 numbers that are not numbers crash the channel: no reply, and its subscriptions gone', () => {
  /** A connectionless client observing `keep` on port 48000, and a publisher on 48001. */
  function observing() {
    const h = new Harness();
    const c = h.client(48_000);
    expect(c.get('ps/keep', { observe: 0, token: 'ob' })?.code).toBe('2.05');
    return { h, c };
  }
  const expectCrashed = (h: Harness, c: ReturnType<Harness['client']>) => {
    expect(h.gateway.liveChannels().filter((x) => x.peer.port === c.endpoint.port)).toHaveLength(0);
    expect(h.eventsOf('channel-closed')).toEqual([
      expect.objectContaining({ reason: 'crashed', subscriptions: ['keep'] }),
    ]);
    expect(h.broker.subscriptions()).toHaveLength(0);
    // A publish to the topic it observed no longer reaches it.
    h.client(48_001).post('ps/keep', { type: 'NON', payload: 'after' });
    expect(c.notifications()).toHaveLength(0);
  };

  it.each(['qos=abc', 'q=abc', 'qos=', 'qos=1.0', 'qos= 1'])('publish with %s', (query) => {
    const { h, c } = observing();
    expect(c.post(`ps/t?${query}`, { payload: 'x' })).toBeUndefined();
    expect(h.eventsOf('published')).toHaveLength(0);
    expectCrashed(h, c);
  });

  it.each(['expiry=x', 'expiry=', 'expiry=60s'])('publish with %s', (query) => {
    const { h, c } = observing();
    expect(c.post(`ps/t?${query}`, { payload: 'x' })).toBeUndefined();
    expect(h.eventsOf('published')).toHaveLength(0);
    expectCrashed(h, c);
  });

  it.each(['qos=abc', 'nl=x', 'rh=x'])('subscribe with %s', (query) => {
    const { h, c } = observing();
    expect(c.get(`ps/other?${query}`, { observe: 0, token: 'o2' })).toBeUndefined();
    expectCrashed(h, c);
  });

  it('in connection mode too: the session, its token and subscriptions are gone', () => {
    const h = new Harness({ connection_required: true });
    const c = h.client();
    const token = c.post('mqtt/connection?clientid=k')?.text;
    c.get(`ps/keep?c=k&t=${token}`, { observe: 0, token: 'ob' });
    expect(c.post(`ps/t?c=k&t=${token}&qos=abc`)).toBeUndefined();
    expect(h.gateway.registered('k')).toBeUndefined();
    expect(h.broker.subscriptions()).toHaveLength(0);
    expect(h.eventsOf('channel-closed')).toEqual([
      expect.objectContaining({ clientId: 'k', reason: 'crashed' }),
    ]);
  });

  it('an unsubscribe does not read qos, so qos=abc there is harmless: 2.07', () => {
    const { h, c } = observing();
    expect(c.get('ps/keep?qos=abc', { observe: 1, token: 'ob' })?.code).toBe('2.07');
    expect(h.eventsOf('channel-closed')).toHaveLength(0);
  });

  it('a signed integer is an integer to binary_to_integer: +1 is QoS 1', () => {
    expect(strictInteger('+1')).toBe(1);
    expect(strictInteger('1e2')).toBeUndefined();
    expect(strictInteger('0x1')).toBeUndefined();
    const { h, published } = withMqttSubscriber();
    h.client().post('ps/t?qos=+1', { type: 'NON' });
    expect(published()[0].qos).toBe(1);
  });
});
