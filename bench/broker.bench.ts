// Topic matching against 100,000 subscriptions: the trie beside the naive linear matcher
// (`topicMatches` over every filter), in the same run: `npx vitest bench --run bench/broker`.
import { bench, describe } from 'vitest';
import { Broker } from '../src/broker/broker';
import { topicMatches } from '../src/broker/topic';
import { TopicTrie } from '../src/broker/trie';
import { SeededRandom } from '../src/messaging/random';

const DEVICES = 1_000;
const TOPICS = 100; // per device
const SITES = 20;
const KINDS = ['telemetry', 'status', 'config', 'alarm'] as const;
const seeded = new SeededRandom(0xc0a9);
const rand = () => seeded.next();
const pick = (n: number) => Math.floor(rand() * n);

/** The topic name of device `d`'s topic `t`: `site/<s>/dev/<d>/<kind>/<t>`. */
const topicName = (d: number, t: number) => `site/${d % SITES}/dev/${d}/${KINDS[t % 4]}/${t}`;

/**
 * 1,000 devices × 100 topics = 100,000 subscriptions, a realistic mix:
 * 70 % exact names, 10 % one device's kind across topics (`…/dev/<d>/<kind>/+`),
 * 8 % a topic on every device of a site (`site/<s>/dev/+/<kind>/<t>`), 6 % a whole device
 * (`site/<s>/dev/<d>/#`), 4 % a kind across sites (`site/+/dev/<d>/<kind>/#`), 2 % `$SYS/…`.
 */
function makeFilter(d: number, t: number): string {
  const s = d % SITES;
  const kind = KINDS[t % 4];
  const r = rand();
  if (r < 0.7) return topicName(d, t);
  if (r < 0.8) return `site/${s}/dev/${d}/${kind}/+`;
  if (r < 0.88) return `site/${s}/dev/+/${kind}/${t}`;
  if (r < 0.94) return `site/${s}/dev/${d}/#`;
  if (r < 0.98) return `site/+/dev/${d}/${kind}/#`;
  return `$SYS/brokers/${d}/clients/+`;
}

const filters: string[] = [];
const trie = new TopicTrie<number>();
const broker = new Broker();
const subOpts = { qos: 1, nl: false, rh: 2, rap: false } as const;
for (let d = 0; d < DEVICES; d++) {
  for (let t = 0; t < TOPICS; t++) {
    const i = filters.length;
    const filter = makeFilter(d, t);
    filters.push(filter);
    trie.add(filter, `s${i}`, i);
    broker.subscribe({ id: `s${i}`, clientId: `c${i}`, kind: 'mqtt' }, filter, subOpts, 0);
  }
}

// Publishes: mostly device topics, some to topics nobody subscribed exactly.
const PUBLISHES = 100_000;
const names: string[] = [];
for (let i = 0; i < PUBLISHES; i++) {
  names.push(rand() < 0.9 ? topicName(pick(DEVICES), pick(TOPICS)) : `site/${pick(SITES)}/gw/${i}`);
}

let cursor = 0;
const next = () => names[(cursor = (cursor + 1) % PUBLISHES)];
let sink = 0;

describe(`one publish matched against ${filters.length.toLocaleString('en')} subscriptions`, () => {
  bench('trie: TopicTrie.match', () => {
    sink += trie.match(next()).length;
  });
  bench('naive: topicMatches over every filter', () => {
    const name = next();
    let n = 0;
    for (let i = 0; i < filters.length; i++) if (topicMatches(filters[i], name)) n++;
    sink += n;
  });
});

const once = { iterations: 5, time: 0, warmupIterations: 1, warmupTime: 0 };

describe(`${PUBLISHES.toLocaleString('en')} publishes through the trie`, () => {
  bench(
    'trie: 100,000 publishes matched (one iteration)',
    () => {
      let n = 0;
      for (let i = 0; i < PUBLISHES; i++) n += trie.match(names[i]).length;
      sink += n;
    },
    once,
  );
});

// The whole publish path for comparison: validation, message object, ~13 deliveries each.
describe(`${PUBLISHES.toLocaleString('en')} publishes through Broker.publish`, () => {
  const payload = new Uint8Array(8);
  bench(
    'broker: 100,000 Broker.publish calls with deliveries (one iteration)',
    () => {
      let n = 0;
      for (let i = 0; i < PUBLISHES; i++) {
        const r = broker.publish(
          { topic: names[i], payload, qos: 1, retain: false, publishedAt: 0, from: 'bench' },
          0,
        );
        if (r.ok) n += r.deliveries.length;
      }
      sink += n;
    },
    once,
  );
});

// Keep the results observable so nothing is optimised away.
export const benchSink = () => sink;
