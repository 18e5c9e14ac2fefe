/**
 * A simulated MQTT 5 client attached to the broker model: it subscribes, publishes and keeps what
 * it receives, as an MQTT client would see it (delivery QoS, RETAIN flag, remaining expiry).
 * No network, no timers: the world calls it with `now` and hands it the deliveries addressed to it.
 */
import { Broker, forwardedRetainFlag, type PublishResult, type SubscribeResult } from './broker';
import type { BrokerPort } from './port';
import type { Delivery, QoS, Subscriber } from './types';

/** A PUBLISH as this client received it. */
export interface ReceivedMessage {
  /** The broker's message id (the same for every copy of one publish). */
  messageId: number;
  topic: string;
  payload: Uint8Array;
  /** The delivery QoS, min(published, subscribed) [MQTT-3.8.4-8]. */
  qos: QoS;
  /** The RETAIN flag as received: 1 from the retained store, else as Retain As Published says. */
  retain: boolean;
  /** Message Expiry Interval left when received, whole seconds [MQTT-3.3.2-6]; undefined: none. */
  expiryInterval?: number;
  /** The subscription filter it came through. */
  filter: string;
  from: string;
  receivedAt: number;
}

export interface VirtualMqttClientOptions {
  /** Most messages kept in the inbox; older ones are dropped and counted. Defaults to 1,000. */
  inboxLimit?: number;
}

export interface ClientSubscribeOptions {
  qos: QoS;
  /** No Local; defaults to false (MQTT 5.0 §3.8.3.1). */
  nl?: boolean;
  /** Retain Handling; defaults to 0 (MQTT 5.0 §3.8.3.1). */
  rh?: 0 | 1 | 2;
  /** Retain As Published; defaults to false (MQTT 5.0 §3.8.3.1). */
  rap?: boolean;
}

export interface ClientPublish {
  topic: string;
  payload: Uint8Array | string;
  qos: QoS;
  retain?: boolean;
  /** Message Expiry Interval in seconds; leave out for "never expires". */
  expiryInterval?: number;
}

export class VirtualMqttClient {
  readonly subscriber: Subscriber;
  readonly inboxLimit: number;
  private readonly box: ReceivedMessage[] = [];
  private droppedCount = 0;

  constructor(
    readonly broker: BrokerPort,
    readonly clientId: string,
    opts?: VirtualMqttClientOptions,
  ) {
    this.subscriber = { id: `mqtt:${clientId}`, clientId, kind: 'mqtt' };
    this.inboxLimit = Math.max(1, opts?.inboxLimit ?? 1000);
  }

  /** The subscriber id the broker knows this client by: `mqtt:<clientId>`. */
  get id(): string {
    return this.subscriber.id;
  }

  /**
   * Subscribes (or replaces the options of an existing subscription). The retained messages the
   * broker sends back go straight into this client's inbox; they are also returned, for the
   * journal, and must not be handed to `receive` again.
   */
  subscribe(filter: string, opts: ClientSubscribeOptions, now: number): SubscribeResult {
    const options = {
      qos: opts.qos,
      nl: opts.nl ?? false,
      rh: opts.rh ?? 0,
      rap: opts.rap ?? false,
    };
    const result = this.broker.subscribe(this.subscriber, filter, options, now);
    if (result.ok) for (const d of result.retained) this.receive(d, now);
    return result;
  }

  unsubscribe(filter: string): boolean {
    return this.broker.unsubscribe(this.id, filter);
  }

  /** Drops every subscription (a clean disconnect); returns their filters. */
  unsubscribeAll(): string[] {
    return this.broker.unsubscribeAll(this.id);
  }

  /**
   * Publishes as this client. An MQTT client may not use wildcards in a topic name
   * [MQTT-3.3.2-2]; unlike CoAP publishes (gateway-behaviour §1.8) these are refused. The returned deliveries
   * (possibly including one to this client itself) are for the world to route.
   */
  publish(p: ClientPublish, now: number): PublishResult {
    const payload = typeof p.payload === 'string' ? new TextEncoder().encode(p.payload) : p.payload;
    return this.broker.publish(
      {
        topic: p.topic,
        payload,
        qos: p.qos,
        retain: p.retain ?? false,
        expiryInterval: p.expiryInterval,
        publishedAt: now,
        from: this.clientId,
      },
      now,
    );
  }

  /** Takes one delivery into the inbox, as received at `now` (defaults to when it was made). */
  receive(delivery: Delivery, now: number = delivery.at): ReceivedMessage {
    const m = delivery.message;
    const received: ReceivedMessage = {
      messageId: m.id,
      topic: m.topic,
      payload: m.payload,
      qos: delivery.qos,
      retain: forwardedRetainFlag(delivery),
      expiryInterval: Broker.remainingExpiry(m, now),
      filter: delivery.filter,
      from: m.from,
      receivedAt: now,
    };
    this.box.push(received);
    if (this.box.length > this.inboxLimit) {
      this.box.shift();
      this.droppedCount++;
    }
    return received;
  }

  /** What was received, oldest first (at most `inboxLimit`). */
  get inbox(): readonly ReceivedMessage[] {
    return this.box;
  }

  /** How many received messages were pushed out of the full inbox. */
  get dropped(): number {
    return this.droppedCount;
  }

  clearInbox(): void {
    this.box.length = 0;
  }
}
