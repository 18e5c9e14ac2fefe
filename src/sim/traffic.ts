// Periodic traffic: a simulated client that heartbeats and/or publishes every N seconds on the
// world's virtual clock, so keep-alive and notifications can be watched without clicking. The
// requests are the ones a device would send with what it was told: the clientid and token of its
// own last successful connect.
import { encodeString, uriPath, uriQuery } from '../coap';
import type { RequestSpec } from '../coap';
import type { Exchange } from './coap-client';
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';

/** What a client sends by itself; an empty plan sends nothing. */
export interface TrafficPlan {
  /** Seconds between heartbeats. */
  heartbeat?: number;
  /** Seconds between publishes to `topic`; `{n}` in the payload becomes the publish's number. */
  publish?: { every: number; topic: string; payload: string };
}

/** A plan at work: when each request is next due (virtual ms) and how many went. */
export interface TrafficState {
  plan: TrafficPlan;
  nextHeartbeat?: number;
  nextPublish?: number;
  heartbeats: number;
  publishes: number;
}

/** The shortest and longest period, in seconds: at least a second between a client's requests. */
export const TRAFFIC_MIN_PERIOD = 1;
export const TRAFFIC_MAX_PERIOD = 3600;

/** Why a plan cannot be used, or undefined when it can. */
export function checkPlan(plan: TrafficPlan): Msg | undefined {
  const bad = (s: unknown) =>
    typeof s !== 'number' ||
    !Number.isFinite(s) ||
    s < TRAFFIC_MIN_PERIOD ||
    s > TRAFFIC_MAX_PERIOD;
  const range = { min: String(TRAFFIC_MIN_PERIOD), max: String(TRAFFIC_MAX_PERIOD) };
  if (plan.heartbeat !== undefined && bad(plan.heartbeat))
    return msg('notices:traffic.heartbeat-period', range);
  if (plan.publish !== undefined) {
    if (bad(plan.publish.every)) return msg('notices:traffic.publish-period', range);
    if (typeof plan.publish.topic !== 'string' || !plan.publish.topic.trim())
      return msg('notices:traffic.needs-topic');
    if (typeof plan.publish.payload !== 'string') return msg('notices:traffic.payload-text');
  }
  return undefined;
}

/** The plan in words, for the journal: `heartbeat every 30 s, publish to coap/test every 10 s`. */
export function describePlan(plan: TrafficPlan): Msg {
  const { heartbeat, publish } = plan;
  if (heartbeat !== undefined && publish)
    return msg('notices:traffic.both', {
      s: heartbeat,
      topic: publish.topic,
      every: publish.every,
    });
  if (heartbeat !== undefined) return msg('notices:traffic.heartbeat', { s: heartbeat });
  if (publish)
    return msg('notices:traffic.publish', { topic: publish.topic, every: publish.every });
  return msg('notices:traffic.none');
}

/** A state starting `now`: the first of each request one period later. */
export function startPlan(plan: TrafficPlan, now: number): TrafficState {
  return {
    plan,
    nextHeartbeat: plan.heartbeat !== undefined ? now + plan.heartbeat * 1000 : undefined,
    nextPublish: plan.publish ? now + plan.publish.every * 1000 : undefined,
    heartbeats: 0,
    publishes: 0,
  };
}

export const nextDue = (s: TrafficState): number | undefined =>
  s.nextHeartbeat === undefined
    ? s.nextPublish
    : s.nextPublish === undefined
      ? s.nextHeartbeat
      : Math.min(s.nextHeartbeat, s.nextPublish);

/**
 * The clientid and token of the client's latest connect that the gateway answered 2.01, unless a
 * later disconnect was answered 2.02: what a device remembers from its own exchanges.
 */
export function credentials(
  history: readonly Exchange[],
): { clientId: string; token: string } | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const ex = history[i];
    if (ex.target || !ex.response) continue;
    const path = uriPath(ex.request.options).join('/');
    if (path !== 'mqtt/connection') continue;
    if (ex.request.code === 4 && ex.response.code === '2.02') return undefined;
    if (ex.request.code !== 2 || ex.response.code !== '2.01') continue;
    const clientId = new URLSearchParams(uriQuery(ex.request.options).join('&')).get('clientid');
    if (clientId && ex.response.payload) return { clientId, token: ex.response.payload };
  }
  return undefined;
}

const query = (c: { clientId: string; token: string } | undefined): string =>
  c ? `?${new URLSearchParams({ clientid: c.clientId, token: c.token })}` : '';

/**
 * The heartbeat: `PUT /mqtt/connection` with the client's clientid and token when it has them
 * (connection mode's heartbeat, gateway-behaviour §1.6), else a CoAP ping (an empty CON, RFC 7252
 * §4.3), which keep-alive counts as any datagram.
 */
export function heartbeatSpec(history: readonly Exchange[]): RequestSpec {
  const c = credentials(history);
  if (c) return { method: 'PUT', confirmable: true, path: `mqtt/connection${query(c)}` };
  return { method: 0, confirmable: true, path: '', token: new Uint8Array(0) };
}

/** The n-th publish (from 1): `POST /ps/<topic>`, with the clientid and token when it has them. */
export function publishSpec(
  history: readonly Exchange[],
  publish: NonNullable<TrafficPlan['publish']>,
  n: number,
): RequestSpec {
  const topic = publish.topic
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return {
    method: 'POST',
    confirmable: true,
    path: `ps/${topic}${query(credentials(history))}`,
    payload: encodeString(publish.payload.replaceAll('{n}', String(n))),
  };
}

/** Every client's plan, in the order the plans were set (the order due requests go out). */
export class TrafficSchedules {
  private readonly plans = new Map<string, TrafficState>();

  /** A new plan for `client` from `now`, replacing its old one; an empty plan removes it. */
  set(client: string, plan: TrafficPlan, now: number): void {
    this.plans.delete(client);
    if (plan.heartbeat !== undefined || plan.publish) this.plans.set(client, startPlan(plan, now));
  }

  delete(client: string): void {
    this.plans.delete(client);
  }

  of(client: string): TrafficState | undefined {
    return this.plans.get(client);
  }

  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const t of this.plans.values()) {
      const d = nextDue(t);
      if (d !== undefined && (next === undefined || d < next)) next = d;
    }
    return next;
  }

  /**
   * Sends each request due at `now` through `send`, client by client, a heartbeat before a
   * publish; `history` is read at each send, so a publish uses what the heartbeat left.
   */
  fire(
    now: number,
    history: (client: string) => readonly Exchange[],
    send: (client: string, spec: RequestSpec) => void,
  ): void {
    for (const [client, t] of this.plans) {
      const { heartbeat, publish } = t.plan;
      if (heartbeat !== undefined && t.nextHeartbeat !== undefined && t.nextHeartbeat <= now) {
        t.nextHeartbeat += heartbeat * 1000;
        t.heartbeats++;
        send(client, heartbeatSpec(history(client)));
      }
      if (publish && t.nextPublish !== undefined && t.nextPublish <= now) {
        t.nextPublish += publish.every * 1000;
        t.publishes++;
        send(client, publishSpec(history(client), publish, t.publishes));
      }
    }
  }
}
