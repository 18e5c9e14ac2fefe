// The management API's calls on a client's subscriptions (emqx_gateway_api_clients, through
// emqx_coap_channel's handle_call): list, subscribe on the client's behalf, unsubscribe. The
// gateway wraps each in a step of its own (gateway.ts); kick and the request down to a device stay
// there (they close channels and drive downlink.ts).
import type { QoS } from '../broker';
import type { Observation } from './channel';
import type { RequestContext } from './requests';

/** A subscription the REST API made or lists (`fields(subscription)`), the topic mounted. */
export interface ApiSubscription {
  topic: string;
  qos: QoS;
  nl: 0 | 1;
  rh: 0 | 1 | 2;
  rap: 0 | 1;
}

export type ApiSubscribeOptions = Omit<ApiSubscription, 'topic'>;

/** A connected client's subscriptions, mounted, as the API lists them; undefined: no such client. */
export function subscriptionsOf(
  ctx: RequestContext,
  clientId: string,
): ApiSubscription[] | undefined {
  const ch = ctx.registered(clientId);
  if (!ch) return undefined;
  return [...ch.observes.values()].map((o) => ({
    topic: o.filter,
    qos: o.qos,
    nl: o.nl ? 1 : 0,
    rh: o.rh,
    rap: 0,
  }));
}

/**
 * Subscribes a connected client on its behalf (`handle_call({subscribe, …})`): a broker
 * subscription to the mounted topic and an observation with an **empty token**, so what it
 * brings reaches the device as notifications with no token. An existing observation of the
 * topic keeps its token (emqx_coap_observe_res:insert/2) while the broker takes the new options.
 */
export function apiSubscribe(
  ctx: RequestContext,
  clientId: string,
  topic: string,
  opts: ApiSubscribeOptions,
  now: number,
): { ok: true; subscription: ApiSubscription } | { ok: false; error: 'not-found' | string } {
  const ch = ctx.registered(clientId);
  if (!ch) return { ok: false, error: 'not-found' };
  const filter = ch.mountpoint + topic;
  const r = ctx.broker.subscribe(
    { id: ch.subscriberId, clientId: ch.clientId, kind: 'coap' },
    filter,
    { qos: opts.qos, nl: opts.nl === 1, rh: opts.rh, rap: opts.rap === 1 },
    now,
  );
  if (!r.ok) return { ok: false, error: r.error };
  const existing = ch.observes.get(filter);
  if (existing) {
    existing.qos = opts.qos;
    existing.nl = opts.nl === 1;
    existing.rh = opts.rh;
  } else {
    const obs: Observation = {
      filter,
      topic,
      token: new Uint8Array(0),
      seq: 0,
      qos: opts.qos,
      nl: opts.nl === 1,
      rh: opts.rh,
      since: now,
      notifications: 0,
    };
    obs.seq = ctx.config.profile === '5.x' ? 0 : ch.nextSeq(obs, now, '6.x');
    ch.observes.set(filter, obs);
    ctx.emit({
      kind: 'observe-added',
      channel: ch.id,
      topic: filter,
      token: '',
      qos: opts.qos,
      seq: obs.seq,
    });
  }
  return { ok: true, subscription: { topic: filter, ...opts } };
}

/**
 * Removes a subscription of a connected client by its unmounted topic. `not-found`: no such
 * client; `no-subscription`: it has none to that topic (the reference's lookup_topic/3 → 404).
 */
export function apiUnsubscribe(
  ctx: RequestContext,
  clientId: string,
  topic: string,
): { ok: true } | { ok: false; error: 'not-found' | 'no-subscription' } {
  const ch = ctx.registered(clientId);
  if (!ch) return { ok: false, error: 'not-found' };
  const filter = ch.mountpoint + topic;
  if (!ch.observes.has(filter)) return { ok: false, error: 'no-subscription' };
  ctx.unsubscribe(ch, filter);
  return { ok: true };
}
