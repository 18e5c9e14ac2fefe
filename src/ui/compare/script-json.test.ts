import { describe, expect, it } from 'vitest';
import { LIFECYCLE_SCRIPT } from '../../worker/scripts';
import { renderMsg } from '../i18n/msg';
import type { Msg } from '../../wire/msg';
import { parseScript, scriptToJson } from './script-json';

/** An error as the page says it in English, without its markup (`<c>` around wire data). */
const said = (m: Msg) => renderMsg(m).replace(/<\/?c>/g, '');

describe('the side-by-side script as JSON', () => {
  it('round-trips the lifecycle script, payloads and tokens as text', () => {
    const json = scriptToJson(LIFECYCLE_SCRIPT);
    expect(json).toContain('"payload": "no token"');
    expect(json).toContain('"token": "obstoken"');
    const r = parseScript(json);
    expect(r.ok && r.scenario).toEqual(LIFECYCLE_SCRIPT);
  });

  const broken = (patch: (s: Record<string, unknown>) => void) => {
    const s = JSON.parse(scriptToJson(LIFECYCLE_SCRIPT)) as Record<string, unknown>;
    patch(s);
    const r = parseScript(JSON.stringify(s));
    return r.ok ? 'accepted' : said(r.error);
  };
  const step = (s: Record<string, unknown>, i: number) =>
    (s.steps as Array<Record<string, unknown>>)[i];

  it('says what is wrong, and where', () => {
    expect(parseScript('{"version": 1,')).toMatchObject({ ok: false });
    expect(said((parseScript('{') as { error: Msg }).error)).toMatch(/^not JSON: /);
    expect(broken((s) => (s.version = 2))).toBe('the script: "version" must be 1');
    expect(broken((s) => (s.seed = 'x'))).toBe('the script: "seed" must be an integer');
    expect(broken((s) => (step(s, 3).at = -5))).toMatch(/^step 4: "at" must be a time in ms/);
    expect(
      broken((s) => ((step(s, 3).intent as { spec: { method: string } }).spec.method = 'PATCH')),
    ).toBe('step 4: "method" must be one of GET, POST, PUT, DELETE');
    expect(broken((s) => ((step(s, 0).intent as { type: string }).type = 'reset'))).toMatch(
      /^step 1: "type" must be one of .* \(got "reset"\)$/,
    );
    expect(broken((s) => ((step(s, 7).intent as { qos: number }).qos = 3))).toBe(
      'step 8: "qos" must be 0, 1 or 2',
    );
    expect(broken((s) => (s.steps = new Array(201).fill(step(s, 0))))).toBe(
      'the script: at most 200 steps (it has 201)',
    );
  });
});
