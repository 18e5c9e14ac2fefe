/**
 * The retained-message store: at most one message per topic name (MQTT 5.0 §3.3.1.3), bounded.
 * Kept in store order (a replaced topic moves to the newest end), so the oldest is evicted first.
 */
import { isRetainedExpired } from './expiry';
import { topicMatches } from './topic';
import type { MqttMessage, RetainedChange } from './types';

/**
 * What to do when a new topic arrives and the store is full:
 * - `evict-oldest` (default): drop the message stored longest ago, keep the new one;
 * - `refuse-new`: keep the store as it is and drop the new message's retained copy, as the
 *   reference does (EMQX retainer `max_retained_messages`: "failed_to_retain_message",
 *   `table_is_full`; replacing an existing topic still works).
 */
export type RetainedWhenFull = 'evict-oldest' | 'refuse-new';

export class RetainedStore {
  private readonly byTopic = new Map<string, MqttMessage>();

  constructor(
    readonly max: number,
    readonly whenFull: RetainedWhenFull = 'evict-oldest',
  ) {}

  get size(): number {
    return this.byTopic.size;
  }

  /** Stores `msg` for its topic, replacing any message there [MQTT-3.3.1-5]. */
  set(msg: MqttMessage): { change: RetainedChange; evicted: MqttMessage[] } {
    const evicted: MqttMessage[] = [];
    const replacing = this.byTopic.delete(msg.topic);
    if (!replacing && this.byTopic.size >= this.max) {
      if (this.whenFull === 'refuse-new' || this.max <= 0) return { change: 'refused', evicted };
      while (this.byTopic.size >= this.max) {
        const [topic, oldest] = this.byTopic.entries().next().value as [string, MqttMessage];
        this.byTopic.delete(topic);
        evicted.push(oldest);
      }
    }
    this.byTopic.set(msg.topic, msg);
    return { change: replacing ? 'replaced' : 'stored', evicted };
  }

  /** Removes the topic's message [MQTT-3.3.1-6]; returns whether there was one. */
  delete(topic: string): boolean {
    return this.byTopic.delete(topic);
  }

  get(topic: string, now: number): MqttMessage | undefined {
    const msg = this.byTopic.get(topic);
    if (msg && isRetainedExpired(msg, now)) {
      this.byTopic.delete(topic);
      return undefined;
    }
    return msg;
  }

  /** Removes the messages expired at `now` and returns them. */
  purgeExpired(now: number): MqttMessage[] {
    const removed: MqttMessage[] = [];
    for (const [topic, msg] of this.byTopic) {
      if (isRetainedExpired(msg, now)) {
        this.byTopic.delete(topic);
        removed.push(msg);
      }
    }
    return removed;
  }

  /** The live messages, oldest stored first (expired ones removed first). */
  all(now: number): MqttMessage[] {
    this.purgeExpired(now);
    return [...this.byTopic.values()];
  }

  /**
   * The live messages whose topic `filter` matches, oldest stored first. A linear scan: the store
   * is bounded (`maxRetained`) and this runs once per subscribe, not per publish.
   */
  matching(filter: string, now: number): MqttMessage[] {
    const out: MqttMessage[] = [];
    for (const [topic, msg] of this.byTopic) {
      if (isRetainedExpired(msg, now)) this.byTopic.delete(topic);
      else if (topicMatches(filter, topic)) out.push(msg);
    }
    return out;
  }
}
