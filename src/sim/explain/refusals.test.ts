import { describe, expect, it } from 'vitest';
import { encodeString } from '../../coap';
import type { Profile } from '../../gateway';
import { renderMsg } from '../../ui/i18n/msg';
import { World } from '../world';

/**
 * The packet log's meaning of every answer the gateway gave, for the same mistakes made two ways:
 * from the channel itself and from a new source port (where a token takeover is tried). Issue 26
 * problem 6: the same situation must read the same whichever check found it.
 */
function answers(world: World): string[] {
  return (
    world.journal
      .since(0)
      .filter((e) => e.kind === 'datagram' && e.direction === 'from-gateway')
      // The refusal, without what else the step did (a peer move: the channel's own story).
      .map((e) => (e.kind === 'datagram' ? renderMsg(e.meaning).split(' · ')[0] : ''))
  );
}

function connected(profile: Profile = '6.x') {
  const w = new World({ seed: 9, config: { connection_required: true, profile } });
  w.addCoapClient('dev');
  w.request('dev', { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=123' });
  w.advance(10);
  const token = w.gateway.registered('123')?.token ?? '';
  expect(token).not.toBe('');
  return { w, token };
}

const publish = (w: World, client: string, query: string) => {
  w.request(client, {
    method: 'POST',
    confirmable: true,
    path: `ps/coap/test?${query}`,
    payload: encodeString('x'),
  });
  w.advance(w.now + 10);
};

describe('4.01 in connection mode: one wording per situation', () => {
  it('a wrong token reads the same from the session’s channel and from another port', () => {
    const { w } = connected();
    w.addCoapClient('other');
    publish(w, 'dev', 'clientid=123&token=1');
    publish(w, 'other', 'clientid=123&token=1');
    const [, ownChannel, otherPort] = answers(w);
    const expected =
      '4.01 "Invalid token or clientid in connection mode": the token is not the one the session of clientid 123 was given';
    expect(ownChannel).toBe(expected);
    expect(otherPort).toBe(expected);
  });

  it('the old token after the session expired reads the same from the old port and a new one', () => {
    const { w, token } = connected();
    w.advance(w.now + 120_000);
    expect(w.gateway.registered('123')).toBeUndefined();
    w.addCoapClient('other');
    publish(w, 'dev', `clientid=123&token=${token}`);
    publish(w, 'other', `clientid=123&token=${token}`);
    const [, oldPort, newPort] = answers(w);
    const expected =
      '4.01 "Invalid token or clientid in connection mode": clientid 123 has no session (it expired, disconnected or never connected), so no token is valid for it: connect again for a new one';
    expect(oldPort).toBe(expected);
    expect(newPort).toBe(expected);
    // The world remembers the token the closed session had (the presets reuse it).
    expect(w.closed[0]).toMatchObject({ clientId: '123', token, reason: 'keepalive-timeout' });
  });

  it('under 5.x the meaning agrees with the payload it explains', () => {
    const { w } = connected('5.x');
    w.addCoapClient('other');
    publish(w, 'dev', 'clientid=123&token=1');
    publish(w, 'other', 'clientid=123&token=1');
    const [, wrongToken, otherChannel] = answers(w);
    for (const m of [wrongToken, otherChannel]) {
      expect(m).toMatch(/^4\.00 "Missing token or clientid in connection mode": /);
      expect(m).toContain('although both were given; 6.x answers 4.01');
    }
  });
});
