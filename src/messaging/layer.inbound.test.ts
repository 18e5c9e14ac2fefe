import { describe, expect, it } from 'vitest';
import { CODES, encode, toHex } from '../coap';
import { emptyReply } from './layer';
import { expectKind, layer, message } from './testing/helpers';

// The receiving side of the message layer (RFC 7252 §4.3–4.5): duplicate detection and the cached
// reply, CoAP pings, and the ACK of a separate response.

describe('duplicate detection (RFC 7252 §4.5)', () => {
  it('replays the cached reply instead of reprocessing when the first ACK was lost and the peer retransmits its CON request', () => {
    const l = layer();
    const request = message('CON', 0x4242, CODES.POST);
    expect(l.receive(request, 0)).toEqual({ kind: 'new', message: request, ack: undefined });
    const response = message('ACK', 0x4242, CODES.CREATED);
    l.reply(0x4242, response);
    // The ACK is lost; the peer retransmits the same request 2–3 s later.
    const again = l.receive(request, 2500);
    expect(again).toEqual({
      kind: 'duplicate',
      message: request,
      replay: response,
      firstSeenAt: 0,
    });
  });

  it('replays the cached reply whatever the duplicate carries, because dedup is by Message ID alone', () => {
    const l = layer();
    l.receive(message('CON', 3, CODES.GET), 0);
    const response = message('ACK', 3, CODES.CONTENT);
    l.reply(3, response);
    const inbound = expectKind(l.receive(message('CON', 3, CODES.DELETE), 10), 'duplicate');
    expect(inbound.replay).toBe(response);
  });

  it('has nothing to replay for a duplicate that arrives before reply() was recorded', () => {
    const l = layer();
    l.receive(message('CON', 3), 0);
    const early = expectKind(l.receive(message('CON', 3), 2500), 'duplicate');
    expect(early.replay).toBeUndefined();
    const response = message('ACK', 3, CODES.CONTENT);
    l.reply(3, response);
    expect(expectKind(l.receive(message('CON', 3), 7500), 'duplicate').replay).toBe(response);
  });

  it('detects a duplicate NON and has nothing to replay', () => {
    const l = layer();
    const non = message('NON', 8, CODES.POST);
    expect(l.receive(non, 0).kind).toBe('new');
    expect(l.receive(non, 1000)).toEqual({
      kind: 'duplicate',
      message: non,
      replay: undefined,
      firstSeenAt: 0,
    });
  });

  it('remembers a CON for EXCHANGE_LIFETIME (247 s), then treats its Message ID as new', () => {
    const l = layer();
    l.receive(message('CON', 3), 1000);
    l.reply(3, message('ACK', 3, CODES.CONTENT));
    expect(l.receive(message('CON', 3), 1000 + 246_999).kind).toBe('duplicate');
    const fresh = l.receive(message('CON', 3), 1000 + 247_000);
    expect(fresh.kind).toBe('new');
    // The old reply is gone with the old exchange.
    expect(l.replyTo(3)).toBeUndefined();
  });

  it('remembers a NON for NON_LIFETIME (145 s), then treats its Message ID as new', () => {
    const l = layer();
    l.receive(message('NON', 3), 1000);
    expect(l.receive(message('NON', 3), 1000 + 144_999).kind).toBe('duplicate');
    expect(l.receive(message('NON', 3), 1000 + 145_000).kind).toBe('new');
  });

  it('counts a duplicate from the first arrival, not the latest one', () => {
    const l = layer();
    l.receive(message('NON', 3), 0);
    expect(expectKind(l.receive(message('NON', 3), 100_000), 'duplicate').firstSeenAt).toBe(0);
    expect(l.receive(message('NON', 3), 145_000).kind).toBe('new');
  });

  it('forgets a lapsed NON even when a longer-lived CON arrived before it', () => {
    const l = layer();
    l.receive(message('CON', 1), 0);
    l.receive(message('NON', 2), 1000);
    // The CON (live until 247 s) sits ahead of the NON (lapsed at 146 s) in arrival order.
    expect(l.receive(message('NON', 2), 146_000).kind).toBe('new');
    expect(l.receive(message('CON', 1), 146_000).kind).toBe('duplicate');
  });

  it('forgets expired Message IDs when ticked', () => {
    const l = layer();
    l.receive(message('NON', 1), 0);
    l.receive(message('CON', 2), 0);
    expect(l.remembered).toBe(2);
    l.tick(145_000);
    expect(l.remembered).toBe(1);
    l.tick(247_000);
    expect(l.remembered).toBe(0);
  });

  it('remembers at most maxRemembered Message IDs, forgetting the oldest first', () => {
    const l = layer({ maxRemembered: 2 });
    l.receive(message('CON', 1), 0);
    l.receive(message('CON', 2), 1);
    l.receive(message('CON', 3), 2);
    expect(l.remembered).toBe(2);
    expect(l.receive(message('CON', 3), 3).kind).toBe('duplicate');
    expect(l.receive(message('CON', 2), 3).kind).toBe('duplicate');
    expect(l.receive(message('CON', 1), 3).kind).toBe('new');
  });

  it('drops lapsed NONs before evicting a live CON at the maxRemembered bound, so its retransmission is still a duplicate', () => {
    const l = layer({ maxRemembered: 3 });
    l.receive(message('CON', 1), 0); // live until 247 s
    l.receive(message('NON', 2), 0); // lapses at 145 s, but sits behind the CON
    l.receive(message('NON', 3), 0);
    expect(l.receive(message('NON', 4), 200_000).kind).toBe('new');
    expect(l.remembered).toBe(2);
    expect(l.receive(message('CON', 1), 200_001).kind).toBe('duplicate');
  });

  it('counts a Message ID that comes back after it lapsed as the newest for eviction', () => {
    const l = layer({ maxRemembered: 3 });
    l.receive(message('CON', 1), 0);
    l.receive(message('NON', 2), 1000);
    l.receive(message('CON', 3), 2000);
    expect(l.receive(message('NON', 2), 146_000).kind).toBe('new');
    l.receive(message('CON', 4), 146_001); // evicts 1, the oldest
    l.receive(message('CON', 5), 146_002); // evicts 3: MID 2 arrived after it this time
    expect(l.receive(message('NON', 2), 146_003).kind).toBe('duplicate');
    expect(l.receive(message('CON', 3), 146_003).kind).toBe('new');
  });

  it('remembers 10,000 Message IDs by default', () => {
    const l = layer();
    for (let id = 1; id <= 10_001; id++) l.receive(message('NON', id), 0);
    expect(l.remembered).toBe(10_000);
    expect(l.receive(message('NON', 1), 1).kind).toBe('new');
    expect(l.receive(message('NON', 10_001), 1).kind).toBe('duplicate');
  });

  it('ignores reply() for a Message ID it does not remember', () => {
    const l = layer();
    l.reply(77, message('ACK', 77, CODES.CONTENT));
    expect(l.replyTo(77)).toBeUndefined();
    expect(l.remembered).toBe(0);
  });

  it('returns the recorded reply from replyTo()', () => {
    const l = layer();
    l.receive(message('CON', 3), 0);
    expect(l.replyTo(3)).toBeUndefined();
    const response = message('ACK', 3, CODES.CONTENT);
    l.reply(3, response);
    expect(l.replyTo(3)).toBe(response);
  });
});

describe('pings and Empty messages (RFC 7252 §4.3)', () => {
  it('answers a CoAP ping (an Empty CON) with an RST carrying the same Message ID', () => {
    const l = layer();
    const ping = message('CON', 0xbeef, CODES.EMPTY);
    const inbound = expectKind(l.receive(ping, 0), 'ping');
    expect(inbound.reply).toEqual(emptyReply('RST', 0xbeef));
    // Version 1, type RST (3), no token; code 0.00; Message ID 0xbeef.
    expect(toHex(encode(inbound.reply))).toBe('7000beef');
  });

  it('answers every repeated ping, since pings are not remembered', () => {
    const l = layer();
    const ping = message('CON', 7, CODES.EMPTY);
    expect(l.receive(ping, 0).kind).toBe('ping');
    expect(l.receive(ping, 1).kind).toBe('ping');
    expect(l.remembered).toBe(0);
  });

  it('treats an Empty NON as unmatched', () => {
    const l = layer();
    expect(l.receive(message('NON', 7, CODES.EMPTY), 0).kind).toBe('unmatched');
    expect(l.remembered).toBe(0);
  });

  it('builds an Empty ACK with no token, options or payload', () => {
    const ack = emptyReply('ACK', 0x1234);
    expect(ack).toMatchObject({ type: 'ACK', code: 0, messageId: 0x1234 });
    expect(toHex(encode(ack))).toBe('60001234');
  });
});

describe('separate responses (RFC 7252 §5.2.2)', () => {
  it('acknowledges a separate CON response with an Empty ACK of the same Message ID', () => {
    const l = layer();
    const response = message('CON', 0x0a0b, CODES.CONTENT);
    expect(l.receive(response, 0)).toEqual({
      kind: 'new',
      message: response,
      ack: emptyReply('ACK', 0x0a0b),
    });
  });

  it('replays that Empty ACK when the separate response is retransmitted', () => {
    const l = layer();
    const response = message('CON', 0x0a0b, CODES.CONTENT);
    const first = expectKind(l.receive(response, 0), 'new');
    const again = expectKind(l.receive(response, 2500), 'duplicate');
    expect(again.replay).toEqual(first.ack);
  });

  it('leaves the ACK of a CON request to the host, and sends none for a NON response', () => {
    const l = layer();
    expect(l.receive(message('CON', 1, CODES.GET), 0)).toMatchObject({
      kind: 'new',
      ack: undefined,
    });
    expect(l.receive(message('NON', 2, CODES.CONTENT), 0)).toMatchObject({
      kind: 'new',
      ack: undefined,
    });
  });
});
