/**
 * The MQTT broker model the CoAP gateway publishes into and subscribes through: subscriptions in a
 * topic trie, retained messages, message expiry and delivery QoS. Sans-IO: every call takes `now`
 * (ms) and returns what happened; delivering the copies is the caller's business.
 */
import { isExpired, remainingExpiry } from './expiry';
import { RetainedStore, type RetainedWhenFull } from './retained';
import { validateTopicName } from './topic';
import { TopicTrie } from './trie';
import { checkPublishFields, checkSubscription } from './checks';
import type { BrokerPort } from './port';
import type {
  Delivery,
  MqttMessage,
  PublishOptions,
  PublishResult,
  QoS,
  RetainOutcome,
  SubscribeResult,
  Subscriber,
  Subscription,
  SubscriptionOptions,
} from './types';

export type {
  Delivery,
  MqttMessage,
  PublishOptions,
  PublishResult,
  QoS,
  RetainedChange,
  RetainOutcome,
  SubscribeResult,
  Subscriber,
  Subscription,
  SubscriptionOptions,
} from './types';
export type { RetainedWhenFull } from './retained';

export interface BrokerOptions {
  /** Most retained messages kept at once. Defaults to 10,000. */
  maxRetained?: number;
  /** What a full retained store does with a new topic. Defaults to `evict-oldest` (retained.ts). */
  retainedWhenFull?: RetainedWhenFull;
}

interface Entry {
  subscriber: Subscriber;
  options: SubscriptionOptions;
}

/**
 * The RETAIN flag an MQTT subscriber sees on this delivery: set on messages sent from the retained
 * store when the subscription is made (MQTT 5.0 §3.8.3.1); otherwise 0 unless Retain As Published,
 * then as published [MQTT-3.3.1-12], [MQTT-3.3.1-13].
 */
export function forwardedRetainFlag(d: Delivery): boolean {
  return d.retained || (d.options.rap && d.message.retain);
}

/**
 * No Local [MQTT-3.8.3-3], enforced only for MQTT subscribers: it lives in the MQTT session
 * (EMQX `emqx_session:enrich_message/4`). The CoAP gateway stores `nl` but does not enforce it,
 * so a CoAP observer receives its own publishes (gateway-behaviour §1.9).
 */
function suppressedByNoLocal(e: Entry, msg: MqttMessage): boolean {
  return e.subscriber.kind === 'mqtt' && e.options.nl && e.subscriber.clientId === msg.from;
}

function deliver(
  e: Entry,
  filter: string,
  msg: MqttMessage,
  retained: boolean,
  at: number,
): Delivery {
  const qos = Math.min(msg.qos, e.options.qos) as QoS; // [MQTT-3.8.4-8]
  return { subscriber: e.subscriber, filter, options: e.options, message: msg, qos, retained, at };
}

export class Broker implements BrokerPort {
  readonly backend = 'built-in' as const;
  private readonly trie = new TopicTrie<Entry>();
  /** subscriber id → filter → entry, in subscription order. */
  private readonly bySubscriber = new Map<string, Map<string, Entry>>();
  private readonly store: RetainedStore;
  private nextId = 1;

  constructor(opts?: BrokerOptions) {
    this.store = new RetainedStore(opts?.maxRetained ?? 10_000, opts?.retainedWhenFull);
  }

  /** Strictly more than the interval has passed since publishing; absent: never (expiry.ts). */
  static isExpired(msg: MqttMessage, now: number): boolean {
    return isExpired(msg, now);
  }

  /** Whole seconds left, as MQTT 5.0 §3.3.2.3.3 wants forwarded (expiry.ts). */
  static remainingExpiry(msg: MqttMessage, now: number): number | undefined {
    return remainingExpiry(msg, now);
  }

  /**
   * Adds or replaces the subscriber's subscription to `filter` ([MQTT-3.8.4-3]: the same filter
   * again replaces the options) and returns the retained messages to send now:
   * - Retain Handling 0: all matching [MQTT-3.3.1-9]; 1: only if the subscription is new
   *   [MQTT-3.3.1-10]; 2: none [MQTT-3.3.1-11];
   * - CoAP subscribers never get them: the 6.x retainer ignores non-MQTT protocols
   *   (`emqx_retainer_extsub_handler:handle_subscribe/4`, gateway-behaviour §1.9).
   */
  subscribe(
    sub: Subscriber,
    filter: string,
    options: SubscriptionOptions,
    now: number,
  ): SubscribeResult {
    const check = checkSubscription(filter, options);
    if (!check.ok) return check;
    let filters = this.bySubscriber.get(sub.id);
    if (!filters) this.bySubscriber.set(sub.id, (filters = new Map()));
    const isNew = !filters.has(filter);
    const entry: Entry = { subscriber: sub, options: { ...options } };
    filters.set(filter, entry);
    this.trie.add(filter, sub.id, entry);

    const retained: Delivery[] = [];
    const sendRetained = options.rh === 0 || (options.rh === 1 && isNew);
    if (sub.kind === 'mqtt' && sendRetained) {
      for (const msg of this.store.matching(filter, now)) {
        if (!suppressedByNoLocal(entry, msg)) retained.push(deliver(entry, filter, msg, true, now));
      }
    }
    return { ok: true, isNew, retained };
  }

  /** Removes one subscription; returns whether it existed. */
  unsubscribe(subscriberId: string, filter: string): boolean {
    const filters = this.bySubscriber.get(subscriberId);
    if (!filters?.delete(filter)) return false;
    if (filters.size === 0) this.bySubscriber.delete(subscriberId);
    this.trie.remove(filter, subscriberId);
    return true;
  }

  /** Removes every subscription of the subscriber (a channel going away); returns their filters. */
  unsubscribeAll(subscriberId: string): string[] {
    const filters = this.bySubscriber.get(subscriberId);
    if (!filters) return [];
    this.bySubscriber.delete(subscriberId);
    for (const filter of filters.keys()) this.trie.remove(filter, subscriberId);
    return [...filters.keys()];
  }

  /**
   * Publishes a message: validates the topic name, assigns the next id, updates the retained store
   * and returns one delivery per matching subscription. A subscriber whose filters overlap gets one
   * copy per matching filter (MQTT 5.0 §3.3.4 allows "further copies, one for each additional
   * matching subscription"; EMQX does the same for distinct filters, and the CoAP gateway looks
   * each copy up by its filter, gateway-behaviour §1.9).
   */
  publish(msg: Omit<MqttMessage, 'id'>, now: number, opts?: PublishOptions): PublishResult {
    const check = validateTopicName(msg.topic, { allowWildcards: opts?.allowWildcardName });
    if (!check.ok) return check;
    const fields = checkPublishFields(msg);
    if (!fields.ok) return fields;
    const message: MqttMessage = { ...msg, id: this.nextId++ };
    const expired = isExpired(message, now);

    let retain: RetainOutcome = 'none';
    let evicted: MqttMessage[] = [];
    if (message.retain) {
      if (message.payload.length === 0) {
        // [MQTT-3.3.1-6]: removes the retained message; [MQTT-3.3.1-7]: and is not stored itself.
        this.store.delete(message.topic);
        retain = 'cleared';
      } else if (expired) {
        // It replaces the old one [MQTT-3.3.1-5] and is gone at once [MQTT-3.3.2-5].
        this.store.delete(message.topic);
        retain = 'expired';
      } else {
        const r = this.store.set(message);
        retain = r.change;
        evicted = r.evicted;
      }
    }

    const deliveries: Delivery[] = [];
    if (!expired) {
      for (const { filter, value } of this.trie.match(message.topic)) {
        if (!suppressedByNoLocal(value, message)) {
          deliveries.push(deliver(value, filter, message, false, now));
        }
      }
    }
    return { ok: true, message, deliveries, retain, evicted, expired };
  }

  /** The retained messages, oldest stored first; expired ones are removed first. */
  retained(now: number): MqttMessage[] {
    return this.store.all(now);
  }

  /** The retained message of one topic name, if any and not expired. */
  retainedOf(topic: string, now: number): MqttMessage | undefined {
    return this.store.get(topic, now);
  }

  subscriptions(): Subscription[] {
    const out: Subscription[] = [];
    for (const filters of this.bySubscriber.values()) {
      for (const [filter, e] of filters)
        out.push({ subscriber: e.subscriber, filter, options: e.options });
    }
    return out;
  }

  subscriptionsOf(subscriberId: string): Array<{ filter: string; options: SubscriptionOptions }> {
    const filters = this.bySubscriber.get(subscriberId);
    if (!filters) return [];
    return [...filters].map(([filter, e]) => ({ filter, options: e.options }));
  }

  /** Number of subscriptions, all subscribers together. */
  get subscriptionCount(): number {
    return this.trie.size;
  }
}
