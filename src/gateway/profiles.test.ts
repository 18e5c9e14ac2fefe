// docs/gateway-behaviour.md §1.16: the version differences, every row of the table both ways: the `6.x` profile
// (HEAD, 6.1.1+) and the `5.x` profile (5.x … 6.1.0).
import { describe, expect, it } from 'vitest';
import type { CoapMessage } from '../coap';
import { OPT, encodeBlock, encodeString, getOption } from '../coap';
import { timeSeq } from './channel';
import type { GatewayConfig, Profile } from './config';
import { Harness } from './testing/harness';
import type { TestClient } from './testing/harness';

const MISSING = 'Missing token or clientid in connection mode';
const INVALID = 'Invalid token or clientid in connection mode';
const USERS = { type: 'users' as const, users: [{ username: 'u', password: 'p' }] };

/** A connection-mode harness with client dev1 connected from port 51000. */
function connected(profile: Profile) {
  const h = new Harness({ profile, connection_required: true });
  const c = h.client(51_000);
  const token = c.post('mqtt/connection?clientid=dev1')?.text ?? '';
  return { h, c, token };
}

/** An observer of `ps/t` (token `ob`) on port 51100 and a publisher on 51101. */
function observed(profile: Profile, config: Partial<GatewayConfig> = {}) {
  const h = new Harness({ profile, ...config });
  const sub = h.client(51_100);
  const reply = sub.get('ps/t', { observe: 0, token: 'ob' });
  const pub = h.client(51_101);
  return { h, sub, pub, reply };
}

/** An MQTT subscriber on `t` in the broker; returns the MQTT messages it receives. */
function mqttOn(h: Harness) {
  h.broker.subscribe(
    { id: 'mqtt:m', clientId: 'm', kind: 'mqtt' },
    't',
    { qos: 2, nl: false, rh: 0, rap: false },
    h.now,
  );
  return () => h.mqttDeliveries.map((d) => d.message);
}

/** Runs the clock to `until` deadline by deadline; returns when each new datagram reached `c`. */
function arrivals(c: TestClient, until: number): number[] {
  const times: number[] = [];
  let seen = c.inbox.length;
  for (;;) {
    const d = c.h.gateway.nextDeadline();
    if (d === undefined || d > until) break;
    c.h.advance(Math.max(0, d - c.h.now));
    for (; seen < c.inbox.length; seen++) times.push(c.h.now);
  }
  return times;
}

describe('§1.16 connection mode, a request without a token', () => {
  it('6.x: 4.00 "Missing token or clientid in connection mode"', () => {
    const { c } = connected('6.x');
    expect(c.post('ps/t?clientid=dev1')).toMatchObject({ code: '4.00', text: MISSING });
  });

  it('5.x: no response at all (dropped after a debug log), and the session stays', () => {
    const { h, c, token } = connected('5.x');
    expect(c.post('ps/t?clientid=dev1')).toBeUndefined();
    expect(c.inbox.filter((m) => m.type === 'ACK')).toHaveLength(1); // the connect's 2.01 only
    expect(h.eventsOf('published')).toHaveLength(0);
    expect(c.post(`ps/t?clientid=dev1&token=${token}`)?.code).toBe('2.04');
  });
});

describe('§1.16 connection mode, a wrong token', () => {
  it('6.x: 4.01 "Invalid token or clientid in connection mode"', () => {
    const { c } = connected('6.x');
    expect(c.put('mqtt/connection?clientid=dev1&token=1')).toMatchObject({
      code: '4.01',
      text: INVALID,
    });
  });

  it('5.x: 4.00 "Missing token or clientid in connection mode"', () => {
    const { c } = connected('5.x');
    expect(c.put('mqtt/connection?clientid=dev1&token=1')).toMatchObject({
      code: '4.00',
      text: MISSING,
    });
  });

  it('6.x: another clientid with a token that is not its own: 4.01 (takeover refused)', () => {
    const { c, token } = connected('6.x');
    expect(c.put(`mqtt/connection?clientid=nobody&token=${token}`)).toMatchObject({
      code: '4.01',
      text: INVALID,
    });
  });
});

describe('§1.16 connectionless authentication and clientid', () => {
  it('6.x: the clientid query is honoured as the publisher', () => {
    const h = new Harness({ profile: '6.x' });
    const received = mqttOn(h);
    h.client().post('ps/t?clientid=dev7', { payload: 'x' });
    expect(received()[0].from).toBe('dev7');
  });

  it('5.x: the clientid query is ignored; the channel’s random clientid publishes', () => {
    const h = new Harness({ profile: '5.x' });
    const received = mqttOn(h);
    h.client().post('ps/t?clientid=dev7', { payload: 'x' });
    expect(received()[0].from).not.toBe('dev7');
    expect(received()[0].from).toMatch(/^[A-Za-z][A-Za-z0-9]{15}$/);
  });

  it('6.x: each request is authenticated: a wrong password gets 4.01 and nothing is published', () => {
    const h = new Harness({ profile: '6.x', authentication: USERS });
    const c = h.client();
    expect(c.post('ps/t?u=u&p=wrong')).toMatchObject({ code: '4.01', text: '' });
    expect(h.eventsOf('published')).toHaveLength(0);
    expect(c.post('ps/t?u=u&p=p')?.code).toBe('2.04');
  });

  it('5.x: no authentication at all in connectionless mode', () => {
    const h = new Harness({ profile: '5.x', authentication: USERS });
    expect(h.client().post('ps/t?u=u&p=wrong')?.code).toBe('2.04');
  });
});

describe('§1.16 notification type', () => {
  it('6.x: honours notify_type (qos: a QoS 1 message is CON; con: a QoS 0 message is CON)', () => {
    const byQos = observed('6.x');
    byQos.pub.post('ps/t?qos=1', { payload: 'q1' });
    expect(byQos.sub.notifications()[0].message.type).toBe('CON');
    const forced = observed('6.x', { notify_type: 'con' });
    forced.pub.post('ps/t?qos=0', { payload: 'q0' });
    expect(forced.sub.notifications()[0].message.type).toBe('CON');
  });

  it('5.x: always NON, whatever notify_type says (the notify_qos key bug)', () => {
    const byQos = observed('5.x');
    byQos.pub.post('ps/t?qos=2', { payload: 'q2' });
    const forced = observed('5.x', { notify_type: 'con' });
    forced.pub.post('ps/t?qos=1', { payload: 'q1' });
    expect([
      byQos.sub.notifications()[0].message.type,
      forced.sub.notifications()[0].message.type,
    ]).toEqual(['NON', 'NON']);
  });
});

describe('§1.16 CON notification flow', () => {
  it('6.x: one CON in flight; the next waits in the queue until the ACK', () => {
    const { h, sub, pub } = observed('6.x', { notify_type: 'con' });
    pub.post('ps/t', { payload: 'a' });
    pub.post('ps/t', { payload: 'b' });
    expect(sub.notifications().map((n) => n.text)).toEqual(['a']);
    expect(h.eventsOf('notification-queued')).toHaveLength(1);
    sub.answer('ACK', sub.notifications()[0].message.messageId);
    expect(sub.notifications().map((n) => n.text)).toEqual(['a', 'b']);
  });

  it('5.x: no window and no queue: every notification goes at once (as NON)', () => {
    const { h, sub, pub } = observed('5.x', { notify_type: 'con' });
    for (const p of ['a', 'b', 'c']) pub.post('ps/t', { payload: p });
    expect(sub.notifications().map((n) => [n.text, n.message.type])).toEqual([
      ['a', 'NON'],
      ['b', 'NON'],
      ['c', 'NON'],
    ]);
    expect(h.eventsOf('notification-queued')).toHaveLength(0);
  });
});

describe('§1.16 Observe sequence', () => {
  it('6.x: time-based (monotonic µs div 31, 24 bits) from the subscribe on, and strictly increasing', () => {
    const { h, sub, pub, reply } = observed('6.x');
    expect(reply?.observe).toBe(timeSeq(h.now));
    pub.post('ps/t', { type: 'NON', payload: 'a' });
    pub.post('ps/t', { type: 'NON', payload: 'b' }); // same instant: previous + 1
    h.advance(10_000);
    pub.post('ps/t', { type: 'NON', payload: 'c' });
    const seqs = sub.notifications().map((n) => n.observe ?? -1);
    expect(seqs[0]).toBe((reply?.observe ?? 0) + 1);
    expect(seqs[1]).toBe(seqs[0] + 1);
    expect(seqs[2]).toBe(timeSeq(h.now));
    expect(seqs[2]).toBeGreaterThan(seqs[1]);
  });

  it('5.x: Observe 0 at subscribe, then 1, 2, 3 whatever the time', () => {
    const { h, sub, pub, reply } = observed('5.x');
    expect(reply?.observe).toBe(0);
    for (const p of ['a', 'b', 'c']) {
      pub.post('ps/t', { type: 'NON', payload: p });
      h.advance(10_000);
    }
    expect(sub.notifications().map((n) => n.observe)).toEqual([1, 2, 3]);
  });
});

describe('§1.16 retransmission intervals', () => {
  it('6.x: a CON notification is sent 5 times, 2–3 s after the first, then doubling each time', () => {
    const { h, sub, pub } = observed('6.x', { notify_type: 'con', heartbeat: 300 });
    const start = h.now;
    pub.post('ps/t', { type: 'NON', payload: 'x' });
    const times = [start, ...arrivals(sub, start + 200_000)];
    expect(times).toHaveLength(5);
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    expect(gaps[0]).toBeGreaterThanOrEqual(2001);
    expect(gaps[0]).toBeLessThanOrEqual(3000);
    expect(gaps.slice(1)).toEqual([gaps[0] * 2, gaps[0] * 4, gaps[0] * 8]);
    // Then the gateway gives up (ack_failure), with the same Message ID used throughout.
    expect(h.eventsOf('gave-up')).toHaveLength(1);
    expect(
      sub
        .notifications()
        .every((n) => n.message.messageId === sub.notifications()[0].message.messageId),
    ).toBe(true);
  });

  it('5.x: the first retransmission after 2–3 s, then the rest back to back', () => {
    // 5.x sends every notification as NON, so a CON is tracked directly on the channel's message
    // layer to show the timing the reference's transport would apply to a CON it sends.
    const h = new Harness({ profile: '5.x', heartbeat: 300 });
    const c = h.client(51_200);
    c.post('ps/t', { type: 'NON' });
    const [ch] = h.gateway.liveChannels();
    const m: CoapMessage = {
      type: 'CON',
      code: 0x45,
      messageId: 0x0abc,
      token: encodeString('ob'),
      options: [],
      payload: encodeString('x'),
    };
    const start = h.now;
    ch.layer.track(m, start);
    const retransmitted: number[] = [];
    for (;;) {
      const d = h.gateway.nextDeadline();
      if (d === undefined || d > start + 100_000) break;
      h.advance(Math.max(0, d - h.now));
      while (retransmitted.length < h.eventsOf('retransmission').length) retransmitted.push(h.now);
    }
    expect(retransmitted).toHaveLength(4);
    expect(retransmitted[0] - start).toBeGreaterThanOrEqual(2001);
    expect(retransmitted[0] - start).toBeLessThanOrEqual(3000);
    expect(new Set(retransmitted).size).toBe(1);
    expect(h.eventsOf('gave-up')).toHaveLength(1);
  });
});

describe('§1.16 block-wise transfer', () => {
  const block1 = (num: number, more: boolean) => ({
    number: OPT.Block1,
    value: encodeBlock({ num, more, szx: 6 }),
  });

  it('6.x: Block1 blocks are reassembled (2.31 Continue) and a large notification goes as Block2', () => {
    const { sub, pub } = observed('6.x');
    const data = new Uint8Array(1500).fill(7);
    expect(
      pub.post('ps/t', {
        type: 'NON',
        token: 'up',
        payload: data.subarray(0, 1024),
        options: [block1(0, true)],
      })?.code,
    ).toBe('2.31');
    expect(
      pub.post('ps/t', {
        type: 'NON',
        token: 'up',
        payload: data.subarray(1024),
        options: [block1(1, false)],
      })?.code,
    ).toBe('2.04');
    const [n] = sub.notifications();
    expect(n.message.payload).toHaveLength(1024);
    expect(getOption(n.message, OPT.Block2)).toBeDefined();
  });

  it('5.x: Block options are ignored: every block is a publish, and notifications go whole', () => {
    const { sub, pub } = observed('5.x');
    const data = new Uint8Array(1500).fill(7);
    expect(
      pub.post('ps/t', {
        type: 'NON',
        token: 'up',
        payload: data.subarray(0, 1024),
        options: [block1(0, true)],
      })?.code,
    ).toBe('2.04');
    expect(
      pub.post('ps/t', {
        type: 'NON',
        token: 'up',
        payload: data.subarray(1024),
        options: [block1(1, false)],
      })?.code,
    ).toBe('2.04');
    pub.post('ps/t', { type: 'NON', payload: data });
    expect(sub.notifications().map((n) => n.message.payload.length)).toEqual([1024, 476, 1500]);
    expect(sub.notifications().some((n) => getOption(n.message, OPT.Block2))).toBe(false);
  });
});

describe('§1.16 frame errors', () => {
  const badTokenLength = Uint8Array.of(0x49, 0x01, 0x12, 0x34, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  const peer = { address: '127.0.0.1', port: 51_300 };

  it('6.x: a malformed CON gets RST; an unknown critical option 4.02; an unknown method 4.05', () => {
    const h = new Harness({ profile: '6.x' });
    expect(h.raw(badTokenLength, peer)).toMatchObject([{ type: 'RST', messageId: 0x1234 }]);
    const c = h.client();
    expect(c.post('ps/t', { options: [{ number: 9, value: Uint8Array.of(1) }] })?.code).toBe(
      '4.02',
    );
    expect(c.send({ ...c.build('GET', 'ps/t'), code: 0x06 })?.code).toBe('4.05');
  });

  it('5.x: no RST for a malformed CON, and an unknown critical option is kept', () => {
    const h = new Harness({ profile: '5.x' });
    expect(h.raw(badTokenLength, peer)).toEqual([]);
    expect(
      h.client().post('ps/t', { options: [{ number: 9, value: Uint8Array.of(1) }] })?.code,
    ).toBe('2.04');
  });
});

describe('§1.16 the expiry parameter', () => {
  it('6.x: expiry=30 is applied as the Message-Expiry-Interval', () => {
    const h = new Harness({ profile: '6.x' });
    const received = mqttOn(h);
    h.client().post('ps/t?expiry=30', { payload: 'x' });
    expect(received()[0].expiryInterval).toBe(30);
  });

  it('5.x: expiry is ignored (mapped to expiry_interval, applied under the key expiry)', () => {
    const h = new Harness({ profile: '5.x' });
    const received = mqttOn(h);
    h.client().post('ps/t?expiry=30', { payload: 'x' });
    expect(received()[0].expiryInterval).toBeUndefined();
  });
});

describe('§1.16 UDP clientid routing in connection mode (the same in both)', () => {
  it.each(['6.x', '5.x'] as const)(
    '%s: a request from a new port with the clientid reaches the connected channel',
    (profile) => {
      const { h, token } = connected(profile);
      expect(h.client(51_001).post(`ps/t?clientid=dev1&token=${token}`)?.code).toBe('2.04');
      expect(h.gateway.liveChannels()).toHaveLength(1);
    },
  );
});

describe('§1.16 retained messages and observers', () => {
  function retainedThenObserve(profile: Profile, query: string) {
    const h = new Harness({ profile });
    h.client(51_400).post('ps/t?retain=true', { payload: 'kept' });
    const sub = h.client(51_401);
    expect(sub.get(`ps/t${query}`, { observe: 0, token: 'ob' })?.code).toBe('2.05');
    return sub.notifications();
  }

  it('6.x: never delivered to observers, whatever rh says', () => {
    expect(retainedThenObserve('6.x', '')).toHaveLength(0);
    expect(retainedThenObserve('6.x', '?rh=0')).toHaveLength(0);
  });

  it('5.x: not delivered with the default rh=1 (is_new=false)', () => {
    expect(retainedThenObserve('5.x', '')).toHaveLength(0);
  });
});
