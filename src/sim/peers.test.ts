// Real peers as the Clients panel lists them: address, channel and clientid, what they asked and
// what the gateway answered, each with its packet.
import { describe, expect, it } from 'vitest';
import { renderMsg } from '../ui/i18n/msg';
import { buildRequest, encode } from '../coap';
import type { RequestSpec } from '../coap';
import { World } from './world';
import { REAL_PEERS_KEPT } from './peers';

let mid = 100;
function from(w: World, port: number, spec: Omit<RequestSpec, 'confirmable'>): void {
  const built = buildRequest({ confirmable: true, ...spec }, mid++, Uint8Array.of(mid & 0xff));
  if (!built.ok) throw new Error(built.error);
  w.receiveExternal(encode(built.message), { address: '127.0.0.1', port });
}

describe('real peers', () => {
  it('are listed with their address, clientid, channel, and each request with its reply', () => {
    const w = new World({ seed: 1, config: { connection_required: true } });
    w.addCoapClient('sim');
    from(w, 40001, { method: 'POST', path: 'mqtt/connection?clientid=123' });
    from(w, 40002, { method: 'POST', path: 'ps/coap/test?clientid=124&token=1' });
    const [second, first] = w.realPeers();
    expect(first.peer).toEqual({ address: '127.0.0.1', port: 40001 });
    expect(first).toMatchObject({ clientId: '123', datagrams: 1 });
    expect(first.channel).toBe(w.gateway.registered('123')?.id);
    const [connect] = first.recent;
    expect(connect.line).toBe('CON POST /mqtt/connection?clientid=123');
    expect(renderMsg(connect.meaning)).toContain('connect as 123');
    expect(connect.reply).toMatchObject({ code: '2.01 Created' });
    expect(renderMsg(connect.reply?.outcome)).toBe('token issued');
    const packet = w.journal.since(0).find((e) => e.seq === connect.reply?.packet);
    expect(packet?.kind === 'datagram' && packet.to.port).toBe(40001);
    expect(second.peer.port).toBe(40002);
    expect(second.recent[0].reply?.code).toBe('4.01 Unauthorized');
    // Simulated clients are not real peers.
    expect(w.realPeers()).toHaveLength(2);
  });

  it('keeps the most recently heard peers only', () => {
    const w = new World({ seed: 2 });
    for (let i = 0; i <= REAL_PEERS_KEPT; i++) from(w, 41000 + i, { method: 'POST', path: 'ps/t' });
    const peers = w.realPeers();
    expect(peers).toHaveLength(REAL_PEERS_KEPT);
    expect(peers[0].peer.port).toBe(41000 + REAL_PEERS_KEPT);
    expect(peers.some((p) => p.peer.port === 41000)).toBe(false);
  });
});
