/* eslint-disable @typescript-eslint/no-restricted-imports -- the test drives the real world
   headless (as the worker does) so the index is checked against real journal entries. */
import { describe, expect, it } from 'vitest';
import { decode, encode, encodeString } from '../../coap';
import { World } from '../../sim/world';
import { PacketIndex, type PacketRow } from './packet-index';
import { meaningText } from './meaning-text';

/** A row's meaning as the page says it (in English: vitest's setup loads it). */
function said(row: PacketRow): string;
function said(row: PacketRow | undefined): string | undefined;
function said(row: PacketRow | undefined): string | undefined {
  return row ? meaningText(row) : undefined;
}
import { buildSequence } from './sequence/model';

const SERVER = { address: '127.0.0.1', port: 5685 };

describe('rows of a real-server exchange', () => {
  it('name the server, pair the response with its request, and give the server its own lane', () => {
    const world = new World({ seed: 3 });
    world.addCoapClient('dev');
    const r = world.request('dev', { method: 'GET', confirmable: true, path: 'time' }, SERVER);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const req = decode(world.takeOutbound()[0].bytes);
    if (!req.ok) throw new Error('undecodable');
    world.receiveFromServer(
      encode({
        type: 'ACK',
        code: 0x45,
        messageId: req.message.messageId,
        token: req.message.token,
        options: [],
        payload: encodeString('Nov 27 02:00:00'),
      }),
      SERVER,
    );
    const index = new PacketIndex(100);
    index.ingest(world.journal.since(0));
    const rows = [0, 1].map((i) => index.rows.at(i) as PacketRow);
    expect(rows.map((x) => [x.peer, x.server, said(x)])).toEqual([
      ['dev', '127.0.0.1:5685', 'CON GET /time to the real server 127.0.0.1:5685 → 2.05 Content'],
      [
        'dev',
        '127.0.0.1:5685',
        '2.05 Content from the real server 127.0.0.1:5685: Nov 27 02:00:00',
      ],
    ]);
    expect(rows[1].requestSeq).toBe(rows[0].entry.seq);
    const seq = buildSequence(rows, []);
    expect(seq.lanes.map((l) => l.label)).toEqual(['dev', 'Gateway', 'Server 127.0.0.1:5685']);
    expect(seq.arrows.map((a) => [a.from, a.to])).toEqual([
      ['coap:dev', 'server:127.0.0.1:5685'],
      ['server:127.0.0.1:5685', 'coap:dev'],
    ]);
  });
});
