// The journal under a flood, as the worker uses it: `npx vitest bench --run bench/journal`. The
// worker appends each entry (its record is written) and hands the page a batch at a time as the
// records themselves; the baseline reads the batch back as objects, as the journal's API does.
import { bench, describe } from 'vitest';
import { encodeString } from '../src/coap';
import { Journal, type JournalEntry, type JournalInput } from '../src/sim/journal';
import { World } from '../src/sim/world';

/** A batch of bench:ui's traffic: NON publishes to a topic one client observes (~1,000 entries). */
function floodBatch(): JournalEntry[] {
  const w = new World({ seed: 1 });
  w.addCoapClient('bench');
  w.request('bench', { method: 'GET', confirmable: false, path: 'ps/bench/#', observe: 0 });
  w.advance(10);
  const from = w.journal.next;
  for (let i = 0; i < 170; i++)
    w.request('bench', {
      method: 'POST',
      confirmable: false,
      path: 'ps/bench/t',
      payload: encodeString('{"t":21.5}'),
    });
  w.advance(20);
  return w.journal.since(from);
}

const batch = floodBatch();
// `append` numbers the entry it is given: each round appends copies, as the world appends fresh ones.
const copies = (): JournalInput[] => batch.map((e) => ({ ...e }) as JournalInput);

describe(`a batch of ${batch.length} entries: appended, then handed to the page`, () => {
  const sent = new Journal();
  bench('records: copied into one buffer for the page', () => {
    const first = sent.next;
    for (const e of copies()) sent.append(e);
    if (sent.records(first).count !== batch.length) throw new Error('lost entries');
  });

  const read = new Journal();
  bench('baseline: read back as objects', () => {
    const first = read.next;
    for (const e of copies()) read.append(e);
    if (read.since(first).length !== batch.length) throw new Error('lost entries');
  });
});
