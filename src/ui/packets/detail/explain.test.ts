import { describe, expect, it } from 'vitest';
import type { GatewayEvent } from '../../../gateway';
import { i18n, loadLanguage } from '../../i18n/i18n';
import { explainEvent } from './explain';
import { msg } from '../../../wire/msg';

/** Words the gateway said, as it said them (a message that prints its text). */
const said = (text: string) => msg('notices:as-worded', { text });

const peer = { address: '10.0.0.2', port: 40000 };

/** A sentence as the detail pane reads it: the message, its `<w>`/`<g>` marks taken away. */
const read = (e: GatewayEvent): string => {
  const s = explainEvent(e);
  return i18n.t(s.key, s.values).replace(/<\/?[wg]>/g, '');
};

describe('what the gateway did, in words', () => {
  it('tells each event as the one sentence it told before the catalogue', () => {
    expect(
      read({ kind: 'channel-opened', channel: 'ch1', peer, clientId: '', mode: 'connectionless' }),
    ).toBe('Opened channel ch1 for 10.0.0.2:40000 (connectionless mode).');
    expect(
      read({ kind: 'channel-opened', channel: 'ch1', peer, clientId: '123', mode: 'connection' }),
    ).toBe('Opened channel ch1 for 10.0.0.2:40000 (connection mode, clientid 123).');
    expect(
      read({ kind: 'connected', channel: 'ch1', clientId: '123', username: 'u', token: 'abc' }),
    ).toBe('Connected clientid 123 (user u) and issued token abc.');
    expect(
      read({
        kind: 'published',
        channel: 'ch1',
        clientId: '123',
        topic: 't/1',
        qos: 1,
        retain: true,
        expiry: 60,
        deliveries: 1,
        qosFrom: said('qos=1 in the query'),
      }),
    ).toBe('Published to t/1 with QoS 1 (qos=1 in the query), retained, expiry 60 s: 1 delivery.');
    expect(
      read({
        kind: 'published',
        channel: 'ch1',
        clientId: '123',
        topic: 't/1',
        qos: 0,
        retain: false,
        deliveries: 0,
        qosFrom: said('x'),
        remote: true,
      }),
    ).toBe('Published to t/1 with QoS 0 (x): sent to the real MQTT broker, which delivers it.');
    expect(
      read({ kind: 'observe-cancelled', channel: 'ch1', topic: 't', existed: true, purged: 0 }),
    ).toBe('Cancelled the observation of t.');
    expect(
      read({ kind: 'observe-cancelled', channel: 'ch1', topic: 't', existed: true, purged: 3 }),
    ).toBe('Cancelled the observation of t and purged 3 queued notifications.');
    expect(read({ kind: 'gave-up', channel: 'ch1', messageId: 12345, transmissions: 5 })).toBe(
      'Gave up on message 12345 after 5 transmissions.',
    );
    expect(
      read({
        kind: 'frame-error',
        peer,
        reason: msg('gateway:decode.too-short'),
        offset: 0,
        action: 'rst',
      }),
    ).toBe('Malformed datagram from 10.0.0.2:40000 (too-short at byte 0): answered with RST.');
    expect(
      read({
        kind: 'block',
        channel: 'ch1',
        direction: 'block2',
        num: 2,
        more: false,
        size: 64,
        total: 130,
      }),
    ).toBe('Block2 block 2 (64-byte blocks, last, 130 bytes in all).');
  });

  it('keeps a Message ID as it is, without a thousands separator', () => {
    expect(read({ kind: 'acked', channel: 'ch1', messageId: 12345, roundTrip: 20 })).toMatch(
      /^Message 12345 acknowledged after /,
    );
  });

  it('says the sentences in Chinese, with the wire data marked', async () => {
    await loadLanguage('zh-CN');
    try {
      const s = explainEvent({
        kind: 'observe-added',
        channel: 'ch1',
        topic: 't/1',
        token: 'ab',
        qos: 0,
        seq: 1,
      });
      expect(i18n.t(s.key, s.values)).toBe('以令牌 <w>ab</w> 观察 <w>t/1</w>（订阅 QoS 0）。');
      expect(read({ kind: 'reset', channel: 'ch1', messageId: 7, kept: false })).toBe(
        '消息 7 被客户端复位（RST）；观察被移除。',
      );
    } finally {
      await loadLanguage('en');
    }
  });
});
