// The words said below the page are messages: every id the world writes into the journal for a
// session exists in both catalogues, and the page says them in Chinese as well as in English.
import { afterEach, describe, expect, it } from 'vitest';
import { encodeString } from '../../coap';
import type { GatewayEvent } from '../../gateway';
import { i18n, loadLanguage } from '../../ui/i18n/i18n';
import { renderMsg } from '../../ui/i18n/msg';
import { isMsg, msg, type Msg } from '../../wire/msg';
import { World } from '../world';
import { divergence } from './divergence';
import { meaning, withOutcome } from './meaning';

afterEach(async () => {
  await loadLanguage('en');
});

/** A session in connection mode: connect, subscribe, publish, a wrong token, a ping, a bad frame, a disconnect. */
function session(): World {
  const w = new World({ seed: 3, config: { connection_required: true } });
  w.addCoapClient('dev');
  w.addCoapClient('obs');
  const step = () => w.advance(w.now + 50);
  w.request('dev', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=123' });
  w.request('obs', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=o' });
  step();
  const token = (id: string) => w.gateway.registered(id)?.token ?? '';
  w.request('obs', {
    method: 'GET',
    confirmable: true,
    path: `ps/coap/test?clientid=o&token=${token('o')}&qos=1`,
    observe: 0,
  });
  step();
  w.request('dev', {
    method: 'POST',
    confirmable: false,
    path: `ps/coap/test?clientid=123&token=${token('123')}&qos=1`,
    payload: encodeString('hi'),
  });
  w.request('dev', {
    method: 'POST',
    confirmable: true,
    path: 'ps/coap/test?clientid=123&token=1',
  });
  w.request('dev', {
    method: 'PUT',
    confirmable: true,
    path: `mqtt/connection?clientid=123&token=${token('123')}`,
  });
  step();
  w.sendRaw('dev', Uint8Array.of(0x49, 0x01, 0x00, 0x01));
  w.sendRaw('dev', Uint8Array.of(0x40, 0x00, 0x00, 0x02));
  step();
  w.request('dev', {
    method: 'DELETE',
    confirmable: true,
    path: `mqtt/connection?clientid=123&token=${token('123')}`,
  });
  step();
  return w;
}

/** Every message in a value, nested ones too. */
function messages(value: unknown, out: Msg[] = []): Msg[] {
  // A note has an `id` too, without a namespace: it holds messages, it is not one.
  if (isMsg(value) && value.id.includes(':')) {
    out.push(value);
    for (const p of Object.values(value.params ?? {})) messages(p, out);
  } else if (Array.isArray(value)) for (const v of value) messages(v, out);
  else if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array))
    for (const v of Object.values(value)) messages(v, out);
  return out;
}

describe('the words below the page', () => {
  it('are messages whose ids are in the English and the Chinese catalogues', async () => {
    const w = session();
    const said = messages(w.journal.since(0));
    const ids = new Set(said.map((m) => m.id));
    // The session says many things: meanings, outcomes, notes and the gateway's explanations.
    for (const ns of ['meaning', 'notes', 'gateway'])
      expect(
        [...ids].some((id) => id.startsWith(`${ns}:`)),
        ns,
      ).toBe(true);
    await loadLanguage('zh-CN');
    for (const lng of ['en', 'zh-CN'])
      expect(
        [...ids].filter((id) => !i18n.exists(id, { lng, fallbackLng: false })),
        lng,
      ).toEqual([]);
  });

  it('read in Chinese, a request with its outcome is one message', async () => {
    const connect = {
      ok: true,
      type: 'CON',
      code: '0.02 POST',
      codeValue: 2,
      messageId: 1,
      token: '01',
      path: '/mqtt/connection?clientid=123',
      payloadLength: 0,
    } as const;
    const said = withOutcome(
      meaning({ direction: 'to-gateway', summary: connect }),
      msg('meaning:outcome.token-issued'),
    );
    expect(renderMsg(said)).toBe('connect as 123 → token issued');
    await loadLanguage('zh-CN');
    expect(renderMsg(said)).toBe('以 123 创建连接 → 已颁发令牌');
    expect(renderMsg(msg('meaning:outcome.published-deliveries', { n: 2 }))).toBe(
      '已发布，投递 2 次',
    );
  });

  it('read in Chinese, a "document differs" note quotes the Chinese document', async () => {
    const [note] = divergence({
      response: {
        ok: true,
        type: 'ACK',
        code: '2.02 Deleted',
        codeValue: 0x42,
        messageId: 1,
        token: '01',
      },
      request: {
        ok: true,
        type: 'CON',
        code: '0.04 DELETE',
        codeValue: 4,
        messageId: 1,
        token: '01',
        path: '/mqtt/connection?clientid=1&token=2',
      },
    });
    expect(renderMsg(note.doc)).toBe('A disconnect (DELETE mqtt/connection) succeeds with 2.01.');
    await loadLanguage('zh-CN');
    expect(renderMsg(note.doc)).toContain('2.01：关闭连接成功。');
    expect(renderMsg(note.actual)).toBe('回复 2.02 Deleted，并关闭通道。');
  });

  it('read in Chinese, the gateway explains a refusal and keeps the wire payload as sent', async () => {
    const w = session();
    const refused = w.journal
      .since(0)
      .flatMap((e) => (e.kind === 'gateway' && e.event.kind === 'request' ? [e.event] : []))
      .find((e) => e.code === 0x81) as Extract<GatewayEvent, { kind: 'request' }>;
    expect(refused.explanation.id).toBe('gateway:refusal.wrong-token');
    expect(renderMsg(refused.explanation)).toBe(
      'the token is not the one the session of clientid 123 was given',
    );
    const reply = w.journal
      .since(0)
      .find(
        (e) =>
          e.kind === 'datagram' && e.direction === 'from-gateway' && e.summary.codeValue === 0x81,
      );
    if (reply?.kind !== 'datagram') throw new Error('no 4.01');
    expect(reply.payloadText).toBe('Invalid token or clientid in connection mode');
    await loadLanguage('zh-CN');
    expect(renderMsg(refused.explanation)).toBe('该 token 不是 clientid 123 的会话所获得的令牌');
    // The payload the client got is quoted as it came, inside the Chinese sentence.
    expect(renderMsg(reply.meaning)).toBe(
      '4.01“Invalid token or clientid in connection mode”：该 token 不是 clientid 123 的会话所获得的令牌',
    );
  });
});
