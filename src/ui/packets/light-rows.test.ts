/* eslint-disable @typescript-eslint/no-restricted-imports -- the test drives the real world
   headless (as the worker does) so the light form is checked against real rows. */
import { describe, expect, it } from 'vitest';
import { World } from '../../sim/world';
import type { RequestSpec } from '../../sim';
import { NO_FILTER, PacketView } from './filters';
import { LIGHT_CHUNK, LightTexts, lightText } from './light-rows';
import { PacketIndex } from './packet-index';

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
    if (!r.ok) throw new Error(r.error);
    world.advance(world.now + wait);
    sync();
  };
  world.addCoapClient('c1');
  return { world, index, view, sync, send };
}

/** A chunk's text as its rows, each row's two lines joined. */
const rowsOf = (text: string): string[] => {
  const lines = text.split('\n');
  return Array.from({ length: lines.length / 2 }, (_, i) => `${lines[2 * i]}\n${lines[2 * i + 1]}`);
};

describe('the packet log’s light form', () => {
  it('draws each row as its time, direction, peer, type, MID, token, code or path, then meaning', () => {
    const t = setup(100);
    t.send('c1', publish(1));
    const request = t.view.at(0);
    if (!request) throw new Error('no row');
    const [line1, line2] = lightText(request).split('\n');
    expect(request.codeClass).toBe('request');
    const s = request.entry.summary;
    expect(line1).toContain('→ c1');
    expect(line1).toContain(`NON  ${s.messageId}`);
    expect(line1).toMatch(new RegExp(`${s.token}\\s+POST /ps/t$`));
    expect(line2.trim()).toBe(request.meaning);
    // Past a minute the time is longer; it still stands apart from the arrow, and the meaning
    // still starts under the peer.
    const later = lightText({ ...request, entry: { ...request.entry, at: 380_013 } }).split('\n');
    expect(later[0]).toMatch(/^6 min 20\.013 s +→ c1 /);
    expect(later[1].indexOf(request.meaning)).toBe(later[0].indexOf('c1'));
  });

  it('keeps a chunk’s text while its rows stay, and makes it again when a meaning changes', () => {
    const t = setup(100);
    for (let i = 0; i < 10; i++) t.send('c1', publish(i));
    const texts = new LightTexts();
    const first = texts.text(0, t.view, 0, LIGHT_CHUNK);
    expect(rowsOf(first)).toHaveLength(LIGHT_CHUNK);
    // The same rows: the very same string (nothing made, nothing for the browser to lay out).
    expect(texts.text(0, t.view, 0, LIGHT_CHUNK)).toBe(first);

    // A request sent over a slow link: its row's meaning gains its response when that comes.
    t.world.setLink('c1', { loss: 0, delay: 50, duplicate: 0 });
    t.send('c1', { method: 'POST', confirmable: true, path: 'ps/t', payload: enc('slow') });
    const at = t.view.length - 1;
    expect(t.view.at(at)?.codeClass).toBe('request');
    const row = t.view.at(at);
    const before = texts.text(1, t.view, at, at + 1);
    expect(before).toContain('/ps/t');
    const meaning = row?.meaning;
    t.world.advance(t.world.now + 100);
    t.sync();
    expect(t.view.at(at)).toBe(row);
    expect(row?.meaning).not.toBe(meaning);
    const after = texts.text(1, t.view, at, at + 1);
    expect(after).not.toBe(before);
    expect(after).toContain(row?.meaning as string);
  });

  it('keys chunks by where rows stay: rows that leave the ring leave blank lines, the rest do not move', () => {
    const t = setup(40);
    for (let i = 0; i < 20; i++) t.send('c1', publish(i)); // 40 rows: each publish and its reply
    expect(t.view.length).toBe(40);
    const texts = new LightTexts();
    const key = t.view.base + 16;
    const before = rowsOf(texts.text(key, t.view, 16, 32));

    t.send('c1', publish(20));
    t.send('c1', publish(21)); // four rows more: the four oldest leave
    expect(t.view.base).toBe(4);
    const first = key - t.view.base; // the same rows, now four places up
    const after = rowsOf(texts.text(key, t.view, first, first + LIGHT_CHUNK));
    expect(after).toEqual(before);

    // The first chunk's oldest rows have left: a blank row stands for each.
    const front = rowsOf(texts.text(t.view.base - 4, t.view, -4, 12));
    expect(front.slice(0, 4)).toEqual(['\n', '\n', '\n', '\n']);
    const oldest = t.view.at(0);
    expect(oldest && front[4]).toBe(oldest && lightText(oldest));
  });

  it('keeps a bounded number of chunks however far a fling goes', () => {
    const t = setup(2000);
    for (let i = 0; i < 600; i++) t.send('c1', publish(i));
    const texts = new LightTexts();
    for (let first = 0; first < t.view.length; first += LIGHT_CHUNK)
      texts.text(first, t.view, first, first + LIGHT_CHUNK);
    expect(t.view.length / LIGHT_CHUNK).toBe(75);
    expect(texts.size).toBe(64);
  });
});
