/**
 * What the gateway, the virtual MQTT clients and the host need from a broker: the built-in model
 * (`Broker`, sans-IO) implements it, and so does the worker's `RemoteBroker`, which speaks MQTT 5
 * to a real broker. Calls are synchronous: a remote broker validates and accepts at once, and its
 * deliveries arrive later through the host.
 */
import type {
  MqttMessage,
  PublishOptions,
  PublishResult,
  SubscribeResult,
  Subscriber,
  Subscription,
  SubscriptionOptions,
} from './types';

export interface BrokerPort {
  /** Which backend this is: the model in the worker, or a real broker over the network. */
  readonly backend: 'built-in' | 'remote';
  subscribe(
    sub: Subscriber,
    filter: string,
    options: SubscriptionOptions,
    now: number,
  ): SubscribeResult;
  unsubscribe(subscriberId: string, filter: string): boolean;
  unsubscribeAll(subscriberId: string): string[];
  /**
   * Accepts a publish. The built-in broker returns its deliveries at once; a remote one returns
   * none (they come back from the real broker, to the subscribers of the filters they matched).
   */
  publish(msg: Omit<MqttMessage, 'id'>, now: number, opts?: PublishOptions): PublishResult;
  /** The retained messages known here (a remote broker: those it has sent us), oldest first. */
  retained(now: number): MqttMessage[];
  subscriptions(): Subscription[];
  subscriptionsOf(subscriberId: string): Array<{ filter: string; options: SubscriptionOptions }>;
}
