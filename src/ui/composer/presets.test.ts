import { describe, expect, it } from 'vitest';
import { compile } from './form';
import { PRESETS, lastIssuedToken, presetForm, presetToken } from './presets';
import type { PresetId } from './presets';
import type { ChannelView } from '../../worker/api';

const channel = (
  clientId: string,
  token: string | undefined,
  createdAt: number,
  state: ChannelView['state'] = 'connected',
) => ({ clientId, token, createdAt, state });

/** The request line a preset compiles to. */
function target(id: PresetId, mode: 'connection' | 'connectionless', token?: string) {
  const c = compile(presetForm(id, mode, { token }).form);
  expect(c.errors).toEqual([]);
  return `${c.spec?.confirmable ? 'CON' : 'NON'} ${c.spec?.method} ${c.target}`;
}

describe('presets of the client-API document', () => {
  it('has one per operation: connect, heartbeat, disconnect, publish, subscribe, unsubscribe', () => {
    expect(PRESETS.map((p) => p.id)).toEqual([
      'connect',
      'heartbeat',
      'disconnect',
      'publish',
      'subscribe',
      'unsubscribe',
    ]);
  });

  it('connects as clientid 123 with admin/public in both modes', () => {
    for (const mode of ['connection', 'connectionless'] as const)
      expect(target('connect', mode)).toBe(
        'CON POST /mqtt/connection?clientid=123&username=admin&password=public',
      );
    expect(presetForm('connect', 'connection').form.payload).toBe('');
  });

  it('in connection mode, carries clientid and the issued token', () => {
    expect(target('heartbeat', 'connection', '3404490787')).toBe(
      'CON PUT /mqtt/connection?clientid=123&token=3404490787',
    );
    expect(target('disconnect', 'connection', '3404490787')).toBe(
      'CON DELETE /mqtt/connection?clientid=123&token=3404490787',
    );
    expect(target('publish', 'connection', '42')).toBe(
      'CON POST /ps/coap/test?clientid=123&token=42',
    );
    expect(target('subscribe', 'connection', '42')).toBe(
      'CON GET /ps/coap/test?clientid=123&token=42',
    );
    expect(target('unsubscribe', 'connection', '42')).toBe(
      'CON GET /ps/coap/test?clientid=123&token=42',
    );
  });

  it('in connectionless mode, carries neither', () => {
    expect(target('heartbeat', 'connectionless')).toBe('CON PUT /mqtt/connection');
    expect(target('disconnect', 'connectionless')).toBe('CON DELETE /mqtt/connection');
    expect(target('publish', 'connectionless')).toBe('CON POST /ps/coap/test');
    expect(target('subscribe', 'connectionless')).toBe('CON GET /ps/coap/test');
    expect(presetForm('publish', 'connectionless').notice).toBeUndefined();
  });

  it('publishes the document’s payload', () => {
    const spec = compile(presetForm('publish', 'connectionless').form).spec;
    expect(new TextDecoder().decode(spec?.payload)).toBe('Hi, this is libcoap');
  });

  it('subscribes with Observe 0 and token "obstoken", unsubscribes with Observe 1', () => {
    const sub = compile(presetForm('subscribe', 'connectionless').form).spec;
    expect(sub?.observe).toBe(0);
    expect(new TextDecoder().decode(sub?.token)).toBe('obstoken');
    expect(sub?.payload).toBeUndefined();
    const unsub = compile(presetForm('unsubscribe', 'connection', { token: '1' }).form).spec;
    expect(unsub?.observe).toBe(1);
    expect(unsub?.method).toBe('GET');
  });

  it('says when there is no token yet, and leaves the token empty', () => {
    const r = presetForm('publish', 'connection');
    expect(r.notice).toContain('send Connect first');
    expect(r.form.params).toEqual([
      { id: 1, key: 'clientid', value: '123' },
      { id: 2, key: 'token', value: '' },
    ]);
  });

  it('keeps the short-names choice', () => {
    const c = compile(presetForm('heartbeat', 'connection', { token: '7', shortNames: true }).form);
    expect(c.target).toBe('/mqtt/connection?c=123&t=7');
  });
});

describe('lastIssuedToken', () => {
  it('takes the newest live channel of that clientid that has a token', () => {
    expect(
      lastIssuedToken(
        [
          channel('123', '111', 1),
          channel('other', '999', 5),
          channel('123', '222', 3),
          channel('123', undefined, 9, 'idle'),
        ],
        '123',
      ),
    ).toBe('222');
  });

  it('ignores closed channels and returns undefined when none has a token', () => {
    expect(lastIssuedToken([channel('123', '111', 1, 'closed')], '123')).toBeUndefined();
    expect(lastIssuedToken([], '123')).toBeUndefined();
  });
});

describe('the token presets send after the session ended', () => {
  const closed = [
    { clientId: '123', token: '777', reason: 'keepalive-timeout' as const },
    { clientId: '123', token: '555', reason: 'deleted' as const },
  ];

  it('is the live session’s while there is one', () => {
    expect(presetToken([channel('123', '999', 5)], closed, '123')).toEqual({
      token: '999',
      live: true,
    });
  });

  it('is the old token of the session that closed last, not an empty token=', () => {
    const t = presetToken([], closed, '123');
    expect(t).toEqual({ token: '777', live: false, reason: 'keepalive-timeout' });
    const r = presetForm('publish', 'connection', { token: t });
    expect(compile(r.form).target).toBe('/ps/coap/test?clientid=123&token=777');
    expect(r.notice).toMatch(/ended \(keep-alive expired\): this is its old token/);
  });

  it('is none (with a notice to connect first) when no session ever had one', () => {
    expect(presetToken([], [], '123')).toBeUndefined();
    expect(presetForm('heartbeat', 'connection', {}).notice).toMatch(/send Connect first/);
  });
});
