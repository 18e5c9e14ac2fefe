/* eslint-disable @typescript-eslint/no-restricted-imports -- the test drives the real world
   headless (as the worker does) so the light form is checked against real rows. */
import { describe, expect, it } from 'vitest';
import { World } from '../../../sim/world';
import type { RequestSpec } from '../../../sim';
import { NO_FILTER, PacketView } from './filters';
import { LIGHT_X, drawLightRows, lightLines, lightRange } from './light-rows';
import { meaningText } from '../meaning-text';
import type { PacketRow } from '../packet-index';

/** A row's meaning as the page says it (in English: vitest's setup loads it). */
function said(row: PacketRow): string;
function said(row: PacketRow | undefined): string | undefined;
function said(row: PacketRow | undefined): string | undefined {
  return row ? meaningText(row) : undefined;
}
import { PacketIndex } from '../packet-index';

const enc = (s: string) => new TextEncoder().encode(s);
const publish = (i: number): RequestSpec => ({
  method: 'POST',
  confirmable: false,
  path: 'ps/t',
  payload: enc(`${i}`),
});

/** A world whose packet index keeps `capacity` rows, and the log's unfiltered view of it. */
function setup(capacity: number) {
  const world = new World({ seed: 11 });
  const index = new PacketIndex(capacity);
  const view = new PacketView();
  let seen = 1;
  const sync = () => {
    const fresh = world.journal.since(seen);
    index.ingest(fresh);
    if (fresh.length) seen = fresh[fresh.length - 1].seq + 1;
    view.refresh(index, NO_FILTER);
  };
  const send = (client: string, spec: RequestSpec, wait = 1) => {
    const r = world.request(client, spec);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    world.advance(world.now + wait);
    sync();
  };
  world.addCoapClient('c1');
  return { world, index, view, sync, send };
}

describe('the packet log’s light form', () => {
  it('draws each row as its time, direction, peer, type, MID, token, code or path, then meaning', () => {
    const t = setup(100);
    t.send('c1', publish(1));
    const request = t.view.at(0);
    if (!request) throw new Error('no row');
    const [line1, line2] = lightLines(request);
    expect(request.codeClass).toBe('request');
    const s = request.entry.summary;
    expect(line1).toContain('→ c1');
    expect(line1).toContain(`NON  ${s.messageId}`);
    expect(line1).toMatch(new RegExp(`${s.token}\\s+POST /ps/t$`));
    expect(line2.trim()).toBe(said(request));
    // Past a minute the time is longer; it still stands apart from the arrow, and the meaning
    // still starts under the peer.
    const later = lightLines({ ...request, entry: { ...request.entry, at: 380_013 } });
    expect(later[0]).toMatch(/^6 min 20\.013 s +→ c1 /);
    expect(later[1].indexOf(said(request))).toBe(later[0].indexOf('c1'));
  });

  it('draws the rows any part of which is on screen, and none past the last', () => {
    // Rows 46 px tall under a canvas 386 px tall: from the top, rows 0–8 (the ninth in part).
    expect(lightRange(0, 386, 46, 1000)).toEqual([0, 9]);
    // Scrolled 100 px: row 2 shows its lower half, row 10 its upper part.
    expect(lightRange(100, 386, 46, 1000)).toEqual([2, 11]);
    // Near the end of a short log: only the rows there are.
    expect(lightRange(300, 386, 46, 12)).toEqual([6, 12]);
    expect(lightRange(0, 386, 46, 0)).toEqual([0, 0]);
  });

  it('draws each row on screen as two lines, a quarter and three quarters down the row', () => {
    const t = setup(100);
    for (let i = 0; i < 6; i++) t.send('c1', publish(i));
    expect(t.view.length).toBe(12);
    const calls: [string, number, number][] = [];
    const ctx = { fillText: (text: string, x: number, y: number) => void calls.push([text, x, y]) };
    // Scrolled 100 px down a canvas 386 px tall: rows 2–10, row 2 starting 8 px above the top.
    drawLightRows(ctx, t.view, t.view.length, 100, 386, 46);
    expect(calls).toHaveLength(2 * 9);
    const row2 = t.view.at(2);
    if (!row2) throw new Error('no row');
    const [line1, line2] = lightLines(row2);
    expect(calls[0]).toEqual([line1, LIGHT_X, -8 + 46 / 4]);
    expect(calls[1]).toEqual([line2, LIGHT_X, -8 + (46 * 3) / 4]);
    expect(calls.at(-1)?.[2]).toBe(10 * 46 - 100 + (46 * 3) / 4);
    // Near the end only the rows there are drawn.
    calls.length = 0;
    drawLightRows(ctx, t.view, t.view.length, 400, 386, 46);
    expect(calls).toHaveLength(2 * (12 - 8));
  });
});
