/**
 * The lessons of the playground (issue 6; the last one issue 27), each a list of steps checked from the journal
 * (engine.ts). Their words are in the `lessons` catalogue, keyed by lesson and step id (words.ts); they
 * follow docs/gateway-behaviour.md, and where the seed document is wrong, they say so.
 */
import type { JournalEntry, RequestSpec } from '../../sim';
import type { Intent } from '../../worker/api';
import {
  LESSON_CLIENT,
  LESSON_MQTT_CLIENT,
  answered,
  gatewayEvent,
  issuedTokens,
  lastToken,
  proofAt,
  queryBefore,
  queryToken,
  worldEvent,
} from './engine';
import type { Lesson, LessonStep } from './engine';

export const CID = '123';
export const TOPIC = 'coap/test';
// ─── intents the one-click actions send ────────────────────────────────────

const text = (s: string) => new TextEncoder().encode(s);

function send(spec: Omit<RequestSpec, 'confirmable'> & { confirmable?: boolean }): Intent {
  return { type: 'send', client: LESSON_CLIENT, spec: { confirmable: true, ...spec } };
}
const connect = (param = 'clientid'): Intent =>
  send({ method: 'POST', path: `mqtt/connection?${param}=${CID}` });
const subscribe = (query = ''): Intent =>
  send({ method: 'GET', path: `ps/${TOPIC}${query}`, observe: 0, token: text('obstoken') });
const publish = (query: string, payload = 'Hi, this is libcoap', confirmable = true): Intent =>
  send({ method: 'POST', path: `ps/${TOPIC}${query}`, payload: text(payload), confirmable });
const withToken = (entries: readonly JournalEntry[]) =>
  `?clientid=${CID}&token=${lastToken(entries)}`;
const mqttClient: Intent = { type: 'add-mqtt-client', clientId: LESSON_MQTT_CLIENT };
const mqttPublish = (qos: 0 | 1, payload: string): Intent => ({
  type: 'mqtt-publish',
  client: LESSON_MQTT_CLIENT,
  topic: TOPIC,
  payload: text(payload),
  qos,
  retain: false,
});

/** A request down to the device through the management API, as the Operator view sends it. */
const downRequest = (token: string, timeout = '10s'): Intent => ({
  type: 'operator-call',
  call: {
    method: 'POST',
    path: `/gateways/coap/clients/${CID}/request`,
    query: [],
    body: { method: 'get', token, content_type: 'text/plain', payload: 'ping', timeout },
  },
});
const answeredWith = (status: number) =>
  worldEvent('operator', (e) => e.phase === 'answer' && e.status === status);

// ─── the lessons ───────────────────────────────────────────────────────────

const connectStep: LessonStep = {
  id: 'connect',
  check: gatewayEvent('connected'),
  action: { intents: () => [connect()] },
};

export const LESSONS: readonly Lesson[] = [
  {
    id: 'connection-lifecycle',
    settings: 'connection_required=true',
    steps: [
      connectStep,
      {
        id: 'no-token',
        check: answered('POST', '/ps/', '4.00'),
        action: { intents: () => [publish('')] },
      },
      {
        id: 'publish',
        check: gatewayEvent('published'),
        action: {
          intents: (e) => [publish(withToken(e))],
        },
      },
      {
        id: 'heartbeat',
        check: answered('PUT', '/mqtt/connection', '2.04'),
        action: {
          intents: (e) => [send({ method: 'PUT', path: `mqtt/connection${withToken(e)}` })],
        },
      },
      {
        id: 'disconnect',
        check: gatewayEvent('channel-closed', (e) => e.reason === 'deleted'),
        action: {
          intents: (e) => [send({ method: 'DELETE', path: `mqtt/connection${withToken(e)}` })],
        },
      },
    ],
  },
  {
    id: 'connectionless',
    settings: 'connection_required=false',
    steps: [
      {
        id: 'publish',
        check: gatewayEvent('published'),
        action: { intents: () => [publish('')] },
      },
      {
        id: 'subscribe',
        check: gatewayEvent('observe-added'),
        action: { intents: () => [subscribe()] },
      },
      {
        id: 'notify',
        check: gatewayEvent('notification'),
        action: {
          intents: () => [mqttClient, mqttPublish(0, 'from MQTT')],
        },
      },
      {
        id: 'expire',
        check: gatewayEvent(
          'channel-closed',
          (e) => e.reason === 'keepalive-timeout' && e.subscriptions.length > 0,
        ),
        action: { intents: () => [{ type: 'clock-advance', ms: 60_000 }] },
      },
    ],
  },
  {
    id: 'heartbeat',
    settings: 'connection_required=true&heartbeat=30s',
    steps: [
      connectStep,
      {
        id: 'heartbeat',
        check: answered('PUT', '/mqtt/connection', '2.04'),
        action: {
          intents: (e) => [send({ method: 'PUT', path: `mqtt/connection${withToken(e)}` })],
        },
      },
      {
        id: 'reset',
        check: gatewayEvent('keepalive-reset'),
        action: { intents: () => [{ type: 'clock-advance', ms: 15_000 }] },
      },
      {
        id: 'expire',
        check: gatewayEvent('channel-closed', (e) => e.reason === 'keepalive-timeout'),
        action: { intents: () => [{ type: 'clock-advance', ms: 60_000 }] },
      },
      {
        id: 'stale',
        // Done only with a token the lesson's connect really issued: an empty or made-up token
        // is another mistake, and the explanation would not match what was sent.
        check: (entries, history) =>
          answered('POST', '/ps/', '4.01', (q) => {
            const t = queryToken(q);
            return t !== undefined && issuedTokens(history).includes(t);
          })(entries),
        action: { intents: (e) => [publish(withToken(e))] },
      },
    ],
  },
  {
    id: 'qos-notifications',
    settings: 'connection_required=false&notify_type=qos',
    steps: [
      {
        id: 'subscribe',
        check: gatewayEvent('observe-added'),
        action: { intents: () => [subscribe('?qos=0')] },
      },
      {
        id: 'non',
        check: gatewayEvent('notification', (e) => e.type === 'NON'),
        action: { intents: () => [mqttClient, mqttPublish(0, 'qos 0')] },
      },
      {
        id: 'con',
        check: gatewayEvent('notification', (e) => e.type === 'CON'),
        action: { intents: () => [mqttClient, mqttPublish(1, 'qos 1')] },
      },
      {
        id: 'acked',
        check: gatewayEvent('acked'),
      },
    ],
  },
  {
    id: 'retained',
    settings: 'connection_required=false',
    steps: [
      {
        id: 'retain',
        check: gatewayEvent('published', (e) => e.retain && e.expiry !== undefined),
        action: {
          intents: () => [publish('?retain=true&expiry=20', 'retained for 20 s')],
        },
      },
      {
        id: 'mqtt-gets-it',
        check: worldEvent('mqtt-subscribed', (e) => e.retained > 0),
        action: {
          intents: () => [
            mqttClient,
            {
              type: 'mqtt-subscribe',
              client: LESSON_MQTT_CLIENT,
              filter: TOPIC,
              options: { qos: 0, nl: false, rap: false, rh: 0 },
            },
          ],
        },
      },
      {
        id: 'coap-does-not',
        check: gatewayEvent('observe-added'),
        action: { intents: () => [subscribe()] },
      },
      {
        id: 'expired',
        check: worldEvent('mqtt-subscribed', (e) => e.retained === 0 && e.filter === TOPIC),
        action: {
          intents: () => [
            { type: 'clock-advance', ms: 25_000 },
            { type: 'add-mqtt-client', clientId: 'late' },
            {
              type: 'mqtt-subscribe',
              client: 'late',
              filter: TOPIC,
              options: { qos: 0, nl: false, rap: false, rh: 0 },
            },
          ],
        },
      },
    ],
  },
  {
    id: 'short-names',
    settings: 'connection_required=true',
    steps: [
      {
        id: 'connect',
        check: (entries) => {
          for (let i = 0; i < entries.length; i++) {
            const e = entries[i];
            if (
              e.kind === 'gateway' &&
              e.event.kind === 'connected' &&
              queryBefore(entries, i)?.has('c')
            )
              return proofAt(entries, i);
          }
          return undefined;
        },
        action: { intents: () => [connect('c')] },
      },
      {
        id: 'publish',
        check: (entries) => {
          for (let i = 0; i < entries.length; i++) {
            const e = entries[i];
            const q = queryBefore(entries, i);
            if (
              e.kind === 'gateway' &&
              e.event.kind === 'published' &&
              e.event.qos === 1 &&
              q?.has('t') &&
              q.has('q')
            )
              return proofAt(entries, i);
          }
          return undefined;
        },
        action: {
          intents: (e) => [publish(`?c=${CID}&t=${lastToken(e)}&q=1`, 'short names', false)],
        },
      },
      {
        id: 'retain-1',
        check: (entries) => {
          for (let i = 0; i < entries.length; i++) {
            const e = entries[i];
            if (e.kind !== 'gateway' || e.event.kind !== 'published' || e.event.retain) continue;
            if (queryBefore(entries, i)?.get('r') === '1') return proofAt(entries, i);
          }
          return undefined;
        },
        action: {
          intents: (e) => [publish(`?c=${CID}&t=${lastToken(e)}&r=1`)],
        },
      },
      {
        id: 'retain-true',
        check: gatewayEvent('published', (e) => e.retain),
        action: {
          intents: (e) => [publish(`?c=${CID}&t=${lastToken(e)}&r=true`)],
        },
      },
    ],
  },
  {
    id: 'lossy',
    settings: 'connection_required=false&heartbeat=300s',
    steps: [
      {
        id: 'lose',
        check: worldEvent('link-changed', (e) => e.client === LESSON_CLIENT && e.loss >= 0.5),
        action: {
          intents: () => [
            { type: 'set-link', client: LESSON_CLIENT, link: { loss: 1, delay: 0, duplicate: 0 } },
          ],
        },
      },
      {
        id: 'retransmit',
        check: worldEvent('client-retransmission', (e) => e.client === LESSON_CLIENT),
        action: {
          intents: () => [publish(''), { type: 'clock-advance', ms: 4_000 }],
        },
      },
      {
        id: 'give-up',
        check: worldEvent('client-gave-up', (e) => e.client === LESSON_CLIENT),
        action: {
          intents: () => [{ type: 'clock-advance', ms: 100_000 }],
        },
      },
      {
        id: 'duplicate',
        check: gatewayEvent('duplicate'),
        action: {
          intents: () => [
            { type: 'set-link', client: LESSON_CLIENT, link: { loss: 0, delay: 0, duplicate: 1 } },
            publish('', 'twice?'),
            { type: 'clock-advance', ms: 1_000 },
          ],
        },
      },
    ],
  },
  {
    id: 'command-down',
    settings: 'connection_required=true',
    steps: [
      connectStep,
      {
        id: 'operator',
        check: answeredWith(200),
        data: { result: '{ok,content}' },
        action: { intents: () => [downRequest('atoken')] },
      },
      {
        id: 'curl',
        check: answeredWith(200),
        data: {
          curl: `curl -u KEY:SECRET -H 'content-type: application/json' -d '{"method":"get","token":"t2","content_type":"text/plain","payload":"ping","timeout":"10s"}' http://127.0.0.1:5173/api/v5/gateways/coap/clients/${CID}/request`,
        },
        action: { intents: () => [downRequest('t2')] },
      },
      {
        id: 'silent',
        check: answeredWith(504),
        data: { body: '{"code":"CLIENT_NOT_RESPONSE"}' },
        action: {
          intents: () => [
            { type: 'set-device', client: LESSON_CLIENT, behaviour: { kind: 'silent' } },
            downRequest('t3', '2s'),
            { type: 'clock-advance', ms: 3_000 },
          ],
        },
      },
    ],
  },
];
