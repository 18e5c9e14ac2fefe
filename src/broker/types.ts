/** The data the broker model takes and gives. Re-exported by broker.ts and index.ts. */

/** MQTT 5.0 §4.3: 0 at most once, 1 at least once, 2 exactly once. */
export type QoS = 0 | 1 | 2;

export interface MqttMessage {
  /** Broker-wide, monotonic (1, 2, 3, …), assigned by `Broker.publish`. */
  id: number;
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  /** Message-Expiry-Interval in seconds (MQTT 5.0 §3.3.2.3.3); undefined: never expires. */
  expiryInterval?: number;
  /** When the broker received it, in ms (the `now` of the world's clock). */
  publishedAt: number;
  /** The publisher's client id (for No Local, [MQTT-3.8.3-3]). */
  from: string;
}

/** MQTT 5.0 §3.8.3.1 Subscription Options. */
export interface SubscriptionOptions {
  /** Maximum QoS the subscriber accepts. */
  qos: QoS;
  /** No Local: do not send the subscriber its own publishes. Enforced for `mqtt` subscribers only. */
  nl: boolean;
  /** Retain Handling: 0 send retained on subscribe, 1 only if the subscription is new, 2 never. */
  rh: 0 | 1 | 2;
  /** Retain As Published: keep the publisher's RETAIN flag on forwarded messages. */
  rap: boolean;
}

export interface Subscriber {
  /** Unique key, e.g. `coap:<channel>` or `mqtt:<clientid>`. */
  id: string;
  clientId: string;
  kind: 'coap' | 'mqtt';
}

/** One copy of a message for one subscription. */
export interface Delivery {
  subscriber: Subscriber;
  /** The subscription's filter this copy was matched by. */
  filter: string;
  options: SubscriptionOptions;
  message: MqttMessage;
  /** min(message.qos, options.qos): the MQTT delivery QoS [MQTT-3.8.4-8]. */
  qos: QoS;
  /** True when it came from the retained store on subscribe. */
  retained: boolean;
  /** When the broker made this delivery, in ms (the `now` of the publish or subscribe). */
  at: number;
}

export interface Subscription {
  subscriber: Subscriber;
  filter: string;
  options: SubscriptionOptions;
}

/** What storing a retained message did (retained.ts). */
export type RetainedChange = 'stored' | 'replaced' | 'refused';

export interface PublishOptions {
  /**
   * Accept `+` and `#` in the topic name as plain characters. The reference gateway does not
   * validate wildcards in CoAP publish topics (gateway-behaviour §1.8). Defaults to false (MQTT's rule).
   */
  allowWildcardName?: boolean;
}

/** What a publish did to the retained store (MQTT 5.0 §3.3.1.3). */
export type RetainOutcome = 'none' | 'cleared' | 'expired' | RetainedChange;

export type PublishResult =
  | {
      ok: true;
      message: MqttMessage;
      deliveries: Delivery[];
      /** `none`: RETAIN was 0 [MQTT-3.3.1-8]; `cleared`: empty payload [MQTT-3.3.1-6]. */
      retain: RetainOutcome;
      /** Retained messages evicted to make room (`maxRetained`). */
      evicted: MqttMessage[];
      /** Already expired when published: delivered to no one, not retained [MQTT-3.3.2-5]. */
      expired: boolean;
    }
  | { ok: false; error: string };

export type SubscribeResult =
  { ok: true; isNew: boolean; retained: Delivery[] } | { ok: false; error: string };
