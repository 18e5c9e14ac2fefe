import { useState } from 'react';
import type { JournalEntry } from '../../sim';
import type { Ring } from '../state/ring';
import type { Msg } from '../../wire/msg';
import { usePlayground } from '../state/store';

/** One line of the "recent deliveries" list: a publish into the broker, or a message out of it. */
export type Delivery =
  | {
      seq: number;
      at: number;
      kind: 'coap-publish';
      channel: string;
      clientId: string;
      topic: string;
      qos: number;
      retain: boolean;
      deliveries: number;
      /** The gateway's words for where the QoS came from (a message, or its text). */
      qosFrom: Msg | string;
    }
  | {
      seq: number;
      at: number;
      kind: 'mqtt-publish';
      clientId: string;
      topic: string;
      qos: number;
      retain: boolean;
      deliveries: number;
    }
  | {
      seq: number;
      at: number;
      kind: 'notification';
      channel: string;
      topic: string;
      type: 'CON' | 'NON';
      /** The gateway's words for why this type (a message, or its text). */
      why: Msg | string;
      messageId: number;
      seq24: number;
    }
  | {
      seq: number;
      at: number;
      kind: 'mqtt-received';
      clientId: string;
      topic: string;
      qos: number;
      retain: boolean;
      payload: string;
    };

/** The journal entries that are deliveries (gateway `published`/`notification`, world MQTT in and out). */
export function toDelivery(e: JournalEntry): Delivery | undefined {
  const base = { seq: e.seq, at: e.at };
  if (e.kind === 'gateway') {
    const ev = e.event;
    if (ev.kind === 'published')
      return {
        ...base,
        kind: 'coap-publish',
        channel: ev.channel,
        clientId: ev.clientId,
        topic: ev.topic,
        qos: ev.qos,
        retain: ev.retain,
        deliveries: ev.deliveries,
        qosFrom: ev.qosFrom,
      };
    if (ev.kind === 'sys-event' && ev.published)
      return {
        ...base,
        kind: 'mqtt-publish',
        clientId: '$SYS',
        topic: ev.topic,
        qos: 0,
        retain: false,
        deliveries: ev.deliveries,
      };
    if (ev.kind === 'notification')
      return {
        ...base,
        kind: 'notification',
        channel: ev.channel,
        topic: ev.topic,
        type: ev.type,
        why: ev.why,
        messageId: ev.messageId,
        seq24: ev.seq,
      };
  } else if (e.kind === 'world') {
    const ev = e.event;
    if (ev.kind === 'mqtt-received')
      return {
        ...base,
        kind: 'mqtt-received',
        clientId: ev.client,
        topic: ev.topic,
        qos: ev.qos,
        retain: ev.retain,
        payload: ev.payload,
      };
    if (ev.kind === 'mqtt-published')
      return {
        ...base,
        kind: 'mqtt-publish',
        clientId: ev.client,
        topic: ev.topic,
        qos: ev.qos,
        retain: ev.retain,
        deliveries: ev.deliveries,
      };
  }
  return undefined;
}

interface Cache {
  lastSeq: number;
  items: Delivery[];
}

/**
 * Folds the entries appended to `ring` since `cache.lastSeq` into the newest-first list, keeping
 * `limit`. Walks back from the end only as far as the last entry already seen, so a long journal
 * costs nothing extra per batch. A journal that restarted (cleared, or a new world) is read afresh.
 */
export function foldRecent(ring: Ring<JournalEntry>, cache: Cache, limit: number): Cache {
  const last = ring.at(ring.length - 1);
  if (!last) return { lastSeq: 0, items: [] };
  const restarted = last.seq < cache.lastSeq;
  const since = restarted ? 0 : cache.lastSeq;
  if (!restarted && last.seq === cache.lastSeq) return cache;
  const fresh: Delivery[] = [];
  for (let i = ring.length - 1; i >= 0 && fresh.length < limit; i--) {
    const e = ring.at(i) as JournalEntry;
    if (e.seq <= since) break;
    const d = toDelivery(e);
    if (d) fresh.push(d);
  }
  const items = restarted ? fresh : [...fresh, ...cache.items].slice(0, limit);
  return { lastSeq: last.seq, items };
}

const NOTHING_SEEN: Cache = { lastSeq: 0, items: [] };

/** A fold of the journal, and the journal version and limit it is for. */
export interface Folded extends Cache {
  version: number;
  limit: number;
}

/**
 * The fold for journal version `version`: `folded` itself when it is for that version and
 * limit (so a render that finds it unchanged sets no state), else the new entries folded on
 * from it (from nothing when the limit changed).
 */
export function foldFor(
  folded: Folded | undefined,
  ring: Ring<JournalEntry>,
  version: number,
  limit: number,
): Folded {
  if (folded && folded.version === version && folded.limit === limit) return folded;
  const from = folded && folded.limit === limit ? folded : NOTHING_SEEN;
  return { ...foldRecent(ring, from, limit), version, limit };
}

/**
 * The last `limit` deliveries from the page's journal, newest first: folded once per journal
 * version, from the fold before it, which is kept as state (a render that sees a new version
 * folds the new entries, and renders again with them).
 */
export function useRecentDeliveries(limit = 50): Delivery[] {
  const version = usePlayground((s) => s.journalVersion);
  const journal = usePlayground((s) => s.journal);
  const [folded, setFolded] = useState(() => foldFor(undefined, journal, version, limit));
  const current = foldFor(folded, journal, version, limit);
  if (current !== folded) setFolded(current);
  return current.items;
}
