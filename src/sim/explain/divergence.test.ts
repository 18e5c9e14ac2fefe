import { describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../gateway';
import type { DatagramSummary } from '../summary';
import { renderMsg } from '../../ui/i18n/msg';
import { msg } from '../../wire/msg';
import { divergence } from './divergence';

const summary = (code: string, codeValue: number, extra: Partial<DatagramSummary> = {}) =>
  ({
    ok: true,
    type: 'ACK',
    code,
    codeValue,
    messageId: 7,
    token: '01',
    payloadLength: 0,
    ...extra,
  }) satisfies DatagramSummary;
const request = (
  method: string,
  value: number,
  path: string,
  extra: Partial<DatagramSummary> = {},
) => summary(method, value, { type: 'CON', path, ...extra });

const ids = (notes: { id: string }[]) => notes.map((n) => n.id);

describe('where the document is wrong', () => {
  it('DELETE answers 2.02, not the 2.01 the document promises', () => {
    const notes = divergence({
      response: summary('2.02 Deleted', 0x42),
      request: request('0.04 DELETE', 4, '/mqtt/connection?clientid=1&token=2'),
    });
    expect(ids(notes)).toEqual(['delete-2.02']);
    expect(renderMsg(notes[0].doc)).toContain('2.01');
    expect(renderMsg(notes[0].actual)).toContain('2.02 Deleted');
    expect(notes[0].ref).toContain('§4 #2');
  });

  it('a heartbeat answers 2.04, and keep-alive is 1.5 × heartbeat of any traffic', () => {
    const notes = divergence({
      response: summary('2.04 Changed', 0x44),
      request: request('0.03 PUT', 3, '/mqtt/connection?c=1&t=2'),
    });
    expect(ids(notes)).toEqual(['heartbeat-2.04', 'heartbeat-expiry']);
    expect(renderMsg(notes[1].actual)).toContain('1.5 × heartbeat');
  });

  it('a publish answering 2.04 matches the document: no note', () => {
    expect(
      divergence({
        response: summary('2.04 Changed', 0x44),
        request: request('0.02 POST', 2, '/ps/coap/test'),
      }),
    ).toEqual([]);
  });

  it('a failed login is 4.00 with "Login Failed:", not 4.01', () => {
    const events: GatewayEvent[] = [
      { kind: 'login-failed', channel: 'ch1', reason: 'not_authorized' },
    ];
    const notes = divergence({
      response: summary('4.00 Bad Request', 0x80),
      request: request('0.02 POST', 2, '/mqtt/connection?clientid=1&password=x'),
      events,
      payloadText: 'Login Failed: not_authorized',
    });
    expect(ids(notes)).toEqual(['login-4.00']);
    // Found from the payload alone too (a real peer's request may have left the ring).
    expect(
      ids(
        divergence({
          response: summary('4.00 Bad Request', 0x80),
          payloadText: 'Login Failed: clientid is required',
        }),
      ),
    ).toEqual(['login-4.00']);
  });

  it('a notification follows the publisher’s QoS, not the subscription QoS', () => {
    const notification = (type: 'CON' | 'NON'): GatewayEvent => ({
      kind: 'notification',
      channel: 'ch1',
      topic: 't',
      type,
      why: msg('gateway:notify.qos', { qos: '1', type, subQos: '0' }),
      messageId: 9,
      seq: 1,
      token: 'aa',
    });
    const response = summary('2.05 Content', 0x45, {
      type: 'CON',
      messageId: 9,
      token: 'aa',
      observe: 1,
    });
    const notes = divergence({ response, events: [notification('CON')], subscriptionQos: 0 });
    expect(ids(notes)).toEqual(['notify-type']);
    expect(renderMsg(notes[0].doc)).toContain('QoS 0, so NON');
    // When the two agree the document happens to be right: no note.
    expect(divergence({ response, events: [notification('CON')], subscriptionQos: 1 })).toEqual([]);
    // Unknown subscription QoS: nothing to compare.
    expect(divergence({ response, events: [notification('CON')] })).toEqual([]);
  });

  it('unsubscribe in connectionless mode: works only on the same channel; 2.07 is unregistered', () => {
    const cancelled = (existed: boolean): GatewayEvent => ({
      kind: 'observe-cancelled',
      channel: 'ch2',
      topic: 't',
      existed,
      purged: 0,
    });
    const base = {
      response: summary('2.07 No Content (unregistered; EMQX nocontent)', 0x47),
      request: request('0.01 GET', 1, '/ps/t', { observe: 1 }),
      mode: 'connectionless' as const,
    };
    expect(ids(divergence({ ...base, events: [cancelled(false)] }))).toEqual([
      'unsubscribe-other-channel',
      'code-2.07',
    ]);
    expect(ids(divergence({ ...base, events: [cancelled(true)] }))).toEqual([
      'unsubscribe-connectionless',
      'code-2.07',
    ]);
    expect(ids(divergence({ ...base, mode: 'connection', events: [cancelled(true)] }))).toEqual([
      'code-2.07',
    ]);
  });

  it('4.05 is a code the document never lists', () => {
    expect(
      ids(
        divergence({
          response: summary('4.05 Method Not Allowed', 0x85),
          request: request('0.01 GET', 1, '/mqtt/connection'),
        }),
      ),
    ).toEqual(['code-4.05']);
  });

  it('an RST for a malformed CON is something the document does not mention', () => {
    const events: GatewayEvent[] = [
      {
        kind: 'frame-error',
        peer: { address: '192.0.2.10', port: 5000 },
        reason: msg('gateway:decode.token-length-reserved'),
        offset: 0,
        action: 'rst',
      },
    ];
    const notes = divergence({
      response: summary('0.00 Empty', 0, { type: 'RST', token: '' }),
      events,
    });
    expect(ids(notes)).toEqual(['rst-malformed']);
  });

  it('subscribe needs a token; unsubscribe needs Observe=1', () => {
    expect(
      ids(
        divergence({
          response: summary('4.00 Bad Request', 0x80),
          request: request('0.01 GET', 1, '/ps/t', { observe: 0, token: '' }),
          payloadText: 'observe without token',
        }),
      ),
    ).toEqual(['observe-needs-token']);
    expect(
      ids(
        divergence({
          response: summary('4.00 Bad Request', 0x80),
          request: request('0.01 GET', 1, '/ps/t'),
          payloadText: 'invalid observe value',
        }),
      ),
    ).toEqual(['unsubscribe-needs-observe']);
  });

  it('connectionless pub/sub is authenticated (4.01), though the 5.8 document says it is not', () => {
    expect(
      ids(
        divergence({
          response: summary('4.01 Unauthorized', 0x81),
          request: request('0.02 POST', 2, '/ps/t?u=a&p=b'),
          mode: 'connectionless',
        }),
      ),
    ).toEqual(['connectionless-authn']);
  });

  it('says nothing about a datagram that did not decode', () => {
    expect(divergence({ response: { ok: false, error: 'x', payloadLength: 0 } })).toEqual([]);
  });
});
