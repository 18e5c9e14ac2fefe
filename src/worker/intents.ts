// The intents: what the page (or a replayed scenario) asks of the world, and their results. One
// function for live dispatch and replay alike; only how time moves differs (TimeControl).
import { parseBrokerUrl, parseConfigQuery } from '../gateway';
import type { GatewayConfig } from '../gateway';
import type { World } from '../sim';
import { asWorded, checkBehaviour } from '../sim';
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';
import type { Intent, IntentResult, OperatorCall } from './api';
import type { TimeControl } from './driver';

/** What an intent may touch beyond the world. */
export interface IntentContext {
  /** A management API call from the page (its answer is journaled). */
  operate(call: OperatorCall): void;
  /** The current world (a reset replaces it). */
  world(): World;
  time: TimeControl;
  /** Why a request to a real CoAP server cannot leave now; undefined when it can. */
  outboundBlocked(): Msg | undefined;
  /** A fresh world; absent settings keep the current ones. */
  reset(config?: Partial<GatewayConfig>, seed?: number): void;
  /** Settings changed in place: a later reset keeps them. */
  configured(patch: Partial<GatewayConfig>): void;
  /** Chooses the broker for the next world: '' the built-in model, else a real broker's URL. */
  useBroker(url: string): void;
  /** After a world started on a chosen broker: a real one's clients live in real time. */
  brokerStarted(): void;
}

export function perform(ctx: IntentContext, intent: Intent): IntentResult {
  const w = ctx.world();
  switch (intent.type) {
    case 'add-coap-client':
      return { ok: true, detail: w.addCoapClient(intent.name || undefined).name };
    case 'add-mqtt-client':
      w.addMqttClient(intent.clientId);
      return { ok: true, detail: intent.clientId };
    case 'remove-client':
      w.removeClient(intent.name);
      return { ok: true };
    case 'send': {
      const blocked = intent.target ? ctx.outboundBlocked() : undefined;
      if (blocked) return { ok: false, error: blocked };
      const r = w.request(intent.client, intent.spec, intent.target);
      return r.ok ? { ok: true, detail: r.exchange.token } : r;
    }
    case 'send-raw':
      return w.sendRaw(intent.client, intent.bytes);
    case 'mqtt-subscribe': {
      const r = w.mqttSubscribe(intent.client, intent.filter, intent.options);
      return r.ok ? { ok: true } : { ok: false, error: brokerSaid(r.error) };
    }
    case 'mqtt-unsubscribe':
      return w.mqttUnsubscribe(intent.client, intent.filter)
        ? { ok: true }
        : {
            ok: false,
            error: msg('notices:mqtt.no-subscription', {
              client: intent.client,
              filter: intent.filter,
            }),
          };
    case 'mqtt-publish': {
      const r = w.mqttPublish(intent.client, {
        topic: intent.topic,
        payload: intent.payload,
        qos: intent.qos,
        retain: intent.retain,
        expiryInterval: intent.expiryInterval,
      });
      return r.ok
        ? { ok: true, detail: `${r.deliveries.length} deliveries` }
        : { ok: false, error: brokerSaid(r.error) };
    }
    case 'set-link':
      w.setLink(intent.client, intent.link);
      return { ok: true };
    case 'set-device': {
      const c = w.coapClient(intent.client);
      if (!c)
        return {
          ok: false,
          error: msg('notices:client.no-coap', { quoted: `'${intent.client}'` }),
        };
      const r = checkBehaviour(intent.behaviour);
      if (!r.ok) return r;
      c.behaviour = r.behaviour;
      return { ok: true };
    }
    case 'operator-call':
      ctx.operate(intent.call);
      return { ok: true };
    case 'set-traffic':
      return w.setTraffic(intent.client, intent.plan);
    case 'configure':
      w.configure(intent.patch);
      ctx.configured(intent.patch);
      return { ok: true };
    case 'clock-rate':
      return ctx.time.setRate(intent.rate);
    case 'clock-step':
      return ctx.time.stepToNext();
    case 'clock-advance':
      return ctx.time.advanceBy(intent.ms);
    case 'load-settings': {
      const query = new URLSearchParams(intent.query);
      const { patch, notices } = parseConfigQuery(intent.query);
      const seed = query.get('seed');
      const seedOk = seed === null || /^\d+$/.test(seed);
      if (!seedOk) notices.push(msg('notices:setting.seed', { setting: `seed=${seed}` }));
      const broker = parseBrokerUrl(query.get('broker') ?? '');
      if (!broker.ok) notices.push(broker.error);
      ctx.useBroker(broker.ok ? broker.url : '');
      ctx.reset(patch, seed !== null && seedOk ? Number(seed) : undefined);
      ctx.brokerStarted();
      return { ok: true, notices };
    }
    case 'set-broker': {
      const broker = parseBrokerUrl(intent.url);
      if (!broker.ok) return { ok: false, error: broker.error };
      ctx.useBroker(broker.url);
      ctx.reset();
      ctx.brokerStarted();
      return { ok: true };
    }
    case 'reset':
      ctx.reset(intent.config, intent.seed);
      return { ok: true };
  }
}

/** The broker's reason (its topic and QoS checks word it themselves), or the world's message. */
const brokerSaid = (error: string | Msg): Msg =>
  typeof error === 'string' ? asWorded(error) : error;
