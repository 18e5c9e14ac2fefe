// A simulated client talking to a real CoAP server through the relay: the world only queues the
// datagrams (takeOutbound) and takes the answers (receiveFromServer); no network here.
import { describe, expect, it } from 'vitest';
import { decode, encode, encodeString } from '../coap';
import type { CoapMessage } from '../coap';
import { World } from './world';

const SERVER = { address: '127.0.0.1', port: 5685 };

function setup() {
  const w = new World({ seed: 7 });
  const c = w.addCoapClient('dev');
  const r = w.request('dev', { method: 'GET', confirmable: true, path: 'time' }, SERVER);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  const [out] = w.takeOutbound();
  const d = decode(out.bytes);
  if (!d.ok) throw new Error('undecodable');
  return { w, c, out, request: d.message };
}

const reply = (req: CoapMessage, patch: Partial<CoapMessage>): Uint8Array =>
  encode({
    type: 'ACK',
    code: 0x45,
    messageId: req.messageId,
    token: req.token,
    options: [],
    payload: encodeString('Nov 27 01:50:00'),
    ...patch,
  });

describe('a simulated client and a real server', () => {
  it('sends the request to the server, not the gateway, and journals it as going to the server', () => {
    const { w, out, request } = setup();
    expect(out.to).toEqual(SERVER);
    expect(request).toMatchObject({ type: 'CON', code: 1 });
    expect(w.takeExternal()).toEqual([]);
    expect(w.gateway.stats.received).toBe(0);
    const sent = w.journal.since(0).filter((e) => e.kind === 'datagram');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      direction: 'to-server',
      to: SERVER,
      sender: 'dev',
      fate: 'external',
    });
  });

  it('takes the server’s piggy-backed response into the exchange and the journal', () => {
    const { w, c, request } = setup();
    w.receiveFromServer(reply(request, {}), SERVER);
    expect(c.history()[0]).toMatchObject({
      state: 'answered',
      target: SERVER,
      response: { code: '2.05', payload: 'Nov 27 01:50:00' },
    });
    const back = w.journal
      .since(0)
      .filter((e) => e.kind === 'datagram')
      .at(-1);
    expect(back).toMatchObject({ direction: 'from-server', from: SERVER, to: c.endpoint });
  });

  it('retransmits to the server, and acknowledges a separate CON response to the server', () => {
    const { w, c, request } = setup();
    w.advance(4000); // past the first ACK_TIMEOUT (2–3 s)
    const retry = w.takeOutbound();
    expect(retry).toHaveLength(1);
    expect(retry[0].to).toEqual(SERVER);
    w.receiveFromServer(
      reply(request, { code: 0, token: new Uint8Array(0), payload: new Uint8Array(0) }),
      SERVER,
    );
    expect(c.history()[0].state).toBe('acknowledged');
    w.receiveFromServer(reply(request, { type: 'CON', messageId: 999 }), SERVER);
    expect(c.history()[0].response?.code).toBe('2.05');
    const ack = w.takeOutbound();
    expect(ack).toHaveLength(1);
    expect(ack[0].to).toEqual(SERVER);
    expect(decode(ack[0].bytes)).toMatchObject({
      ok: true,
      message: { type: 'ACK', messageId: 999 },
    });
  });

  it('drops a datagram from a server nobody sent to, or one that answers nothing', () => {
    const { w, c, request } = setup();
    w.receiveFromServer(reply(request, {}), { address: '127.0.0.1', port: 9999 });
    w.receiveFromServer(reply(request, { messageId: 1, token: Uint8Array.of(9) }), SERVER);
    w.receiveFromServer(Uint8Array.of(0xff, 0), SERVER);
    expect(c.history()[0].state).toBe('waiting');
    expect(w.takeOutbound()).toEqual([]);
  });

  it('ends the exchange as refused with the relay’s reason and stops retransmitting', () => {
    const { w, c } = setup();
    w.outboundRefused(SERVER, 'not on the allowlist');
    expect(c.history()[0]).toMatchObject({ state: 'refused', error: 'not on the allowlist' });
    w.advance(100_000);
    expect(w.takeOutbound()).toEqual([]);
    const refused = w.journal
      .since(0)
      .find((e) => e.kind === 'world' && e.event.kind === 'outbound-refused');
    expect(refused).toMatchObject({
      event: { client: 'dev', to: SERVER, reason: 'not on the allowlist' },
    });
  });
});
