import { describe, expect, it } from 'vitest';
import { compareModes } from './compare';
import { LIFECYCLE_SCRIPT } from './scripts';
import type { ComparisonRow } from './api';
import { PlaygroundHost } from './host';
import type { Scenario } from './api';
import { renderMsg } from '../ui/i18n/msg';

const compare = (s: Scenario) => compareModes(s, (env, seed) => new PlaygroundHost(env, { seed }));
const byStep = (rows: ComparisonRow[], text: string) => {
  const row = rows.find((r) => renderMsg(r.step).includes(text));
  if (!row) throw new Error(`no step ${text}`);
  return row;
};

describe('side by side: connection mode vs connectionless', async () => {
  const { rows } = await compare(LIFECYCLE_SCRIPT);

  it('connects in both modes: connectionless does not block mqtt/connection (gateway-behaviour §1.5)', () => {
    const r = byStep(rows, 'POST mqtt/connection?clientid=123');
    expect(r.connection.response?.code).toBe('2.01');
    expect(r.connectionless.response?.code).toBe('2.01');
    expect(r.differs).not.toContain('response');
    expect(renderMsg(r.why)).toContain('does not block mqtt/connection');
  });

  it('a publish without token: 4.00 in connection mode, 2.04 connectionless (gateway-behaviour §1.4)', () => {
    const r = byStep(rows, '"no token"');
    expect(r.connection.response).toEqual({
      code: '4.00',
      payload: 'Missing token or clientid in connection mode',
    });
    expect(r.connectionless.response?.code).toBe('2.04');
    expect(r.differs).toContain('response');
    expect(r.differs).toContain('mqtt'); // only the connectionless publish reached MQTT
    expect(renderMsg(r.why)).toContain('Missing token or clientid');
  });

  it('with the token both publish, and the subscription notifies in both', () => {
    expect(byStep(rows, '"with token"').differs).toEqual([]);
    expect(byStep(rows, 'Observe=0').connection.response?.code).toBe('2.05');
    const n = byStep(rows, 'MQTT publish');
    expect(n.connection.notifications).toEqual(['device ← "hello observers"']);
    expect(n.connectionless.notifications).toEqual(['device ← "hello observers"']);
  });

  it('heartbeat 2.04 and disconnect 2.02 in both modes', () => {
    expect(byStep(rows, 'PUT mqtt/connection').connection.response?.code).toBe('2.04');
    expect(byStep(rows, 'PUT mqtt/connection').connectionless.response?.code).toBe('2.04');
    const d = byStep(rows, 'DELETE mqtt/connection');
    expect(d.connection.response?.code).toBe('2.02');
    expect(d.connectionless.response?.code).toBe('2.02');
  });

  it('after the disconnect the old token is invalid only in connection mode (4.01)', () => {
    const r = byStep(rows, '"after disconnect"');
    expect(r.connection.response).toEqual({
      code: '4.01',
      payload: 'Invalid token or clientid in connection mode',
    });
    expect(r.connectionless.response?.code).toBe('2.04');
    expect(renderMsg(r.why)).toContain('live session');
  });

  it('is reproducible: the same script gives the same comparison', async () => {
    const again = await compare(LIFECYCLE_SCRIPT);
    expect(again.rows.map((r) => [r.differs, r.connection.response])).toEqual(
      rows.map((r) => [r.differs, r.connection.response]),
    );
  });

  it('refuses scripts that would hang the worker, with the reason', async () => {
    await expect(
      compare({ ...LIFECYCLE_SCRIPT, steps: [{ at: -1, intent: { type: 'clock-step' } }] }),
    ).rejects.toThrow(/between 0 and/);
  });
});
