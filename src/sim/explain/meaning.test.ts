import { describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../gateway';
import type { DatagramSummary } from '../summary';
import { renderMsg } from '../../ui/i18n/msg';
import { msg } from '../../wire/msg';
import { meaning as meaningMsg, notificationReason } from './meaning';

/** The meaning as the page says it in English (vitest's setup loads English). */
const meaning = (...args: Parameters<typeof meaningMsg>): string => renderMsg(meaningMsg(...args));
/** A gateway explanation as it would say it: a `gateway:` message whose English is `text`. */
const words = (text: string) => msg('meaning:code', { code: text });
import { parseQueryParams, requestInfo } from './request-info';

const req = (code: string, codeValue: number, path: string, extra: Partial<DatagramSummary> = {}) =>
  ({
    ok: true,
    type: 'CON',
    code,
    codeValue,
    messageId: 100,
    token: '01',
    path,
    payloadLength: 0,
    ...extra,
  }) satisfies DatagramSummary;

const res = (code: string, codeValue: number, extra: Partial<DatagramSummary> = {}) =>
  ({
    ok: true,
    type: 'ACK',
    code,
    codeValue,
    messageId: 100,
    token: '01',
    payloadLength: 0,
    ...extra,
  }) satisfies DatagramSummary;

const CONNECT = req('0.02 POST', 0x02, '/mqtt/connection?clientid=123');
const HEARTBEAT = req('0.03 PUT', 0x03, '/mqtt/connection?clientid=123&token=42');
const DELETE = req('0.04 DELETE', 0x04, '/mqtt/connection?clientid=123&token=42');
const inbound = (summary: DatagramSummary) => ({ direction: 'to-gateway' as const, summary });
const outbound = (summary: DatagramSummary) => ({ direction: 'from-gateway' as const, summary });

describe('requestInfo', () => {
  it('reads the query as the gateway does: one "=", last wins, short names override', () => {
    const p = parseQueryParams('clientid=a&c=b&plain&x=1=2&qos=0&qos=1');
    expect(p.get('clientid')).toBe('b');
    expect(p.get('qos')).toBe('1');
    expect(p.has('plain')).toBe(false);
    expect(p.has('x')).toBe(false);
  });

  it('tells connect, heartbeat, disconnect, publish, subscribe and unsubscribe apart', () => {
    expect(requestInfo(CONNECT).kind).toBe('connect');
    expect(requestInfo(HEARTBEAT).kind).toBe('heartbeat');
    expect(requestInfo(DELETE).kind).toBe('disconnect');
    expect(requestInfo(req('0.02 POST', 2, '/ps/coap/test')).kind).toBe('publish');
    const sub = requestInfo(req('0.01 GET', 1, '/ps/a/%23', { observe: 0 }));
    expect(sub).toMatchObject({ kind: 'subscribe', topic: 'a/#' });
    expect(requestInfo(req('0.01 GET', 1, '/ps/a', { observe: 1 })).kind).toBe('unsubscribe');
    expect(requestInfo(req('0.01 GET', 1, '/ps/a')).kind).toBe('observe-invalid');
    expect(requestInfo(req('0.01 GET', 1, '/nope')).kind).toBe('unknown');
  });

  it('reads each request by its own method, Observe and path, however many came before', () => {
    for (let i = 0; i < 3000; i++) requestInfo(req('0.02 POST', i, `/ps/t/${i % 2500}`));
    expect(requestInfo(req('0.01 GET', 1, '/ps/t/7', { observe: 0 })).kind).toBe('subscribe');
    expect(requestInfo(req('0.01 GET', 2, '/ps/t/7', { observe: 1 })).kind).toBe('unsubscribe');
    expect(requestInfo(req('0.02 POST', 3, '/ps/t/7')).kind).toBe('publish');
    expect(requestInfo(req('0.03 PUT', 4, '/ps/t/7')).kind).toBe('ps-other');
    expect(requestInfo(req('0.02 POST', 5, '/ps/t/7?c=x')).clientId).toBe('x');
  });
});

describe('meaning of requests', () => {
  it('says what a request asks for', () => {
    expect(meaning(inbound(CONNECT))).toBe('connect as 123');
    expect(meaning(inbound(req('0.02 POST', 2, '/mqtt/connection')))).toBe(
      'connect without a clientid',
    );
    expect(meaning(inbound(HEARTBEAT))).toBe('heartbeat from 123');
    expect(meaning(inbound(DELETE))).toBe('disconnect 123');
    expect(meaning(inbound(req('0.02 POST', 2, '/ps/coap/test?q=1', { payloadLength: 5 })))).toBe(
      'publish to coap/test (qos 1, 5 B)',
    );
    expect(meaning(inbound(req('0.01 GET', 1, '/ps/coap/test', { observe: 0 })))).toBe(
      'subscribe to coap/test',
    );
    expect(meaning(inbound(req('0.01 GET', 1, '/ps/coap/test', { observe: 1 })))).toBe(
      'unsubscribe from coap/test',
    );
    expect(meaning(inbound(req('0.01 GET', 1, '/hello')))).toBe(
      'GET /hello: not a gateway resource',
    );
  });

  it('adds the outcome once the response is known: "connect as 123 → token issued"', () => {
    const connected: GatewayEvent = {
      kind: 'connected',
      channel: 'ch1',
      clientId: '123',
      token: '3404490787',
    };
    expect(
      meaning(inbound(CONNECT), {
        response: { summary: res('2.01 Created', 0x41), events: [connected] },
      }),
    ).toBe('connect as 123 → token issued');
    const failed: GatewayEvent = { kind: 'login-failed', channel: 'ch1', reason: 'not_authorized' };
    expect(
      meaning(inbound(CONNECT), {
        response: { summary: res('4.00 Bad Request', 0x80), events: [failed] },
      }),
    ).toBe('connect as 123 → login failed');
    expect(
      meaning(inbound(HEARTBEAT), {
        response: { summary: res('2.04 Changed', 0x44), events: [] },
      }),
    ).toBe('heartbeat from 123 → accepted');
  });

  it('marks retransmissions', () => {
    expect(meaning(inbound(CONNECT), { retransmission: 2 })).toBe(
      'retransmission #2: connect as 123',
    );
  });

  it('reads empty messages from a client: ACK, RST and ping', () => {
    const ack = res('0.00 Empty', 0, { messageId: 4711, token: '' });
    const notification = res('2.05 Content', 0x45, { type: 'CON', observe: 9, messageId: 4711 });
    expect(meaning(inbound(ack), { answers: { summary: notification, topic: 't' } })).toBe(
      'ACK for notification 4711 on t',
    );
    expect(meaning(inbound(ack))).toBe('ACK for message 4711');
    expect(meaning(inbound({ ...ack, type: 'RST' }), { answers: { summary: notification } })).toBe(
      'RST: client rejects notification 4711; the gateway keeps the observation',
    );
    expect(meaning(inbound({ ...ack, type: 'CON' }))).toBe('CoAP ping (empty CON)');
  });

  it('reports a malformed datagram with its reason', () => {
    expect(
      meaning(inbound({ ok: false, error: 'token-length-reserved at byte 0', payloadLength: 0 })),
    ).toBe('malformed: token-length-reserved at byte 0');
  });
});

describe('meaning of what the gateway sends', () => {
  it('reads a connect reply: token issued', () => {
    const events: GatewayEvent[] = [
      { kind: 'connected', channel: 'ch1', clientId: '123', token: '3404490787' },
    ];
    expect(meaning(outbound(res('2.01 Created', 0x41)), { request: CONNECT, events })).toBe(
      'connected as 123: token 3404490787 issued',
    );
    expect(
      meaning(outbound(res('2.01 Created', 0x41)), { request: CONNECT, payloadText: '77' }),
    ).toBe('connected as 123: token 77 issued');
  });

  it('reads heartbeat, disconnect and login failure replies', () => {
    expect(meaning(outbound(res('2.04 Changed', 0x44)), { request: HEARTBEAT })).toBe(
      'heartbeat accepted',
    );
    expect(meaning(outbound(res('2.02 Deleted', 0x42)), { request: DELETE })).toBe(
      'disconnected: the channel closes',
    );
    expect(
      meaning(outbound(res('4.00 Bad Request', 0x80)), {
        request: CONNECT,
        payloadText: 'Login Failed: not_authorized',
      }),
    ).toBe('login failed: not_authorized');
  });

  it('explains an error reply with the gateway’s reason', () => {
    const events: GatewayEvent[] = [
      {
        kind: 'request',
        channel: 'ch1',
        summary: 'CON GET /mqtt/connection',
        code: 0x85,
        explanation: msg('gateway:reply.method-on-connection', { code: '0.01' }),
      },
    ];
    expect(meaning(outbound(res('4.05 Method Not Allowed', 0x85)), { events })).toBe(
      '4.05: 0.01 is not allowed on mqtt/connection (POST, PUT, DELETE)',
    );
  });

  it('says why a notification is CON or NON', () => {
    const n = res('2.05 Content', 0x45, { type: 'CON', messageId: 4711, token: 'aa', observe: 7 });
    const events: GatewayEvent[] = [
      {
        kind: 'notification',
        channel: 'ch1',
        topic: 'coap/test',
        type: 'CON',
        why: msg('gateway:notify.qos', { qos: '1', type: 'CON', subQos: '0' }),
        messageId: 4711,
        seq: 7,
        token: 'aa',
      },
    ];
    expect(meaning(outbound(n), { events })).toBe(
      'notification on coap/test (CON because the message was QoS 1)',
    );
    expect(
      renderMsg(
        notificationReason('NON', msg('gateway:notify.forced', { notifyType: 'non', type: 'NON' })),
      ),
    ).toBe('NON because notify_type=non');
    expect(
      meaning(outbound(n), {
        events: [
          { kind: 'retransmission', channel: 'ch1', messageId: 4711, attempt: 2, nextIn: 8000 },
        ],
      }),
    ).toBe('retransmission #2 of notification 4711');
    expect(meaning(outbound(n))).toBe('notification (Observe 7)');
  });

  it('says why the gateway sent an RST', () => {
    const rst = res('0.00 Empty', 0, { type: 'RST', token: '' });
    const peer = { address: '192.0.2.10', port: 5000 };
    expect(
      meaning(outbound(rst), {
        events: [
          {
            kind: 'frame-error',
            peer,
            reason: msg('gateway:decode.token-length-reserved'),
            offset: 0,
            action: 'rst',
          },
        ],
      }),
    ).toBe('RST: gateway rejected a malformed CON (token-length-reserved)');
    expect(
      meaning(outbound(rst), {
        events: [
          {
            kind: 'ignored',
            channel: 'ch1',
            peer,
            why: msg('gateway:ignored.ping'),
          },
        ],
      }),
    ).toBe('RST: answer to a CoAP ping');
  });

  it('recognises a replayed reply to a duplicate', () => {
    expect(
      meaning(outbound(res('2.04 Changed', 0x44)), {
        request: HEARTBEAT,
        events: [{ kind: 'duplicate', channel: 'ch1', messageId: 100, replayed: true }],
      }),
    ).toBe('replay of the cached 2.04 for a duplicate of message 100');
  });
});

describe('error replies in the gateway’s own words', () => {
  it('put the payload the client sees first, then why, whatever the reason behind it', () => {
    const refused = (explanation: string) =>
      [
        {
          kind: 'request',
          channel: 'ch1',
          summary: 'CON POST /ps/t',
          code: 0x81,
          explanation: words(explanation),
        },
      ] satisfies GatewayEvent[];
    const payloadText = 'Invalid token or clientid in connection mode';
    const said = [
      'takeover refused: no session for clientid 123',
      'the token does not match this client’s',
    ].map((why) =>
      meaning(
        {
          direction: 'from-gateway',
          summary: {
            ok: true,
            type: 'ACK',
            code: '4.01 Unauthorized',
            codeValue: 0x81,
            messageId: 1,
            token: '01',
          },
        },
        { events: refused(why), payloadText },
      ),
    );
    expect(said).toEqual([
      '4.01 "Invalid token or clientid in connection mode": takeover refused: no session for clientid 123',
      '4.01 "Invalid token or clientid in connection mode": the token does not match this client’s',
    ]);
  });
});
