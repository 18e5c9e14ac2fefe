/**
 * The lessons of the playground (issue 6; the last one issue 27), each a list of steps checked from the journal
 * (engine.ts). The texts follow docs/gateway-behaviour.md; where the seed document is wrong, they say so.
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

const CID = '123';
const TOPIC = 'coap/test';
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
  title: 'Connect as client 123',
  instruction:
    'In the composer choose the "Connect" preset (POST mqtt/connection?clientid=123) and send it from the client "device".',
  check: gatewayEvent('connected'),
  explanation:
    'Your CON POST /mqtt/connection opened a channel for clientid 123. The gateway answered in a piggy-backed ACK (same Message ID and token): 2.01 Created, and the payload is the token, a decimal of rand(2³²−1). It is never sent as an option: from now on every request must carry it as a query, with the clientid (gateway-behaviour §1.4).',
  action: { label: 'Send the connect', intents: () => [connect()] },
};

export const LESSONS: readonly Lesson[] = [
  {
    id: 'connection-lifecycle',
    title: 'Connection mode: the lifecycle',
    summary:
      'Connect, get a token, use it, keep the session alive and close it, with the codes the gateway really answers.',
    settings: 'connection_required=true',
    steps: [
      connectStep,
      {
        id: 'no-token',
        title: 'Publish without the token',
        instruction: `Send POST ps/${TOPIC} with a payload but no clientid or token query.`,
        check: answered('POST', '/ps/', '4.00'),
        explanation:
          'The gateway refused it: 4.00 Bad Request, payload "Missing token or clientid in connection mode". Only POST mqtt/connection passes without a token. (A 5.x gateway did not answer at all; the request timed out.)',
        action: { label: 'Publish with no token', intents: () => [publish('')] },
      },
      {
        id: 'publish',
        title: 'Publish with clientid and token',
        instruction: `Use the "Publish" preset: POST ps/${TOPIC}?clientid=123&token=<the token>.`,
        check: gatewayEvent('published'),
        explanation:
          'Now it is accepted: 2.04 Changed, empty payload, and the message goes to the broker. With publish_qos=coap a CON request publishes at QoS 1, a NON one at QoS 0; the reply comes at once either way.',
        action: {
          label: 'Publish with the token',
          intents: (e) => [publish(withToken(e))],
        },
      },
      {
        id: 'heartbeat',
        title: 'Send a heartbeat',
        instruction: 'Use the "Heartbeat" preset: PUT mqtt/connection?clientid=123&token=<token>.',
        check: answered('PUT', '/mqtt/connection', '2.04'),
        explanation:
          'The gateway answered 2.04 Changed (the document says 2.01). The heartbeat is not special: any datagram from this client, a publish or an ACK too, resets the keep-alive timer.',
        action: {
          label: 'Send the heartbeat',
          intents: (e) => [send({ method: 'PUT', path: `mqtt/connection${withToken(e)}` })],
        },
      },
      {
        id: 'disconnect',
        title: 'Disconnect',
        instruction:
          'Use the "Disconnect" preset: DELETE mqtt/connection?clientid=123&token=<token>.',
        check: gatewayEvent('channel-closed', (e) => e.reason === 'deleted'),
        explanation:
          'The gateway answered 2.02 Deleted (the document says 2.01) and shut the channel down: the token is gone, and so are the channel’s subscriptions. A new session needs a new connect and gets a new token.',
        action: {
          label: 'Send the disconnect',
          intents: (e) => [send({ method: 'DELETE', path: `mqtt/connection${withToken(e)}` })],
        },
      },
    ],
  },
  {
    id: 'connectionless',
    title: 'Connectionless mode',
    summary:
      'No connect and no token: the gateway keeps one channel per address and port, and it dies with silence.',
    settings: 'connection_required=false',
    steps: [
      {
        id: 'publish',
        title: 'Publish without connecting',
        instruction: `Use the "Publish" preset in connectionless form: POST ps/${TOPIC}, no query at all.`,
        check: gatewayEvent('published'),
        explanation:
          'Accepted at once: 2.04 Changed. The gateway opened a channel for your address and port, with a random 16-character clientid, and authenticated this one request (gateway-behaviour §1.5). Another source port would get another channel.',
        action: { label: 'Publish', intents: () => [publish('')] },
      },
      {
        id: 'subscribe',
        title: 'Subscribe to coap/test',
        instruction: `Use the "Subscribe" preset: GET ps/${TOPIC} with Observe=0 and the token "obstoken".`,
        check: gatewayEvent('observe-added'),
        explanation:
          'The reply is 2.05 Content with an Observe option and no payload. The broker subscription now lives in the channel of your address and port; the CoAP token (obstoken) is what every notification will carry. Without a token the gateway would answer 4.00 "observe without token".',
        action: { label: 'Subscribe', intents: () => [subscribe()] },
      },
      {
        id: 'notify',
        title: 'Publish from MQTT and watch the notification',
        instruction: `Add an MQTT client "app" (Clients panel) and publish to ${TOPIC} with QoS 0.`,
        check: gatewayEvent('notification'),
        explanation:
          'The broker delivered the message to the CoAP subscription and the gateway sent a notification: 2.05 Content, the observe token, a larger Observe number and the MQTT payload unchanged, without Content-Format.',
        action: {
          label: 'Publish from MQTT',
          intents: () => [mqttClient, mqttPublish(0, 'from MQTT')],
        },
      },
      {
        id: 'expire',
        title: 'Stay silent for a minute',
        instruction: 'Advance the clock by 60 s (clock controls) without sending anything.',
        check: gatewayEvent(
          'channel-closed',
          (e) => e.reason === 'keepalive-timeout' && e.subscriptions.length > 0,
        ),
        explanation:
          'Keep-alive runs in connectionless mode too: with no datagram for 1.5 × heartbeat (45–60 s by default) the channel closed, and its subscription went with it. This is why observers "lose" subscriptions after about a minute (issue #11800); re-subscribe or send anything now and then.',
        action: { label: 'Advance 60 s', intents: () => [{ type: 'clock-advance', ms: 60_000 }] },
      },
    ],
  },
  {
    id: 'heartbeat',
    title: 'Heartbeat and expiry',
    summary: 'Why a session dies 45–60 s after the last datagram, and what keeps it alive.',
    settings: 'connection_required=true&heartbeat=30s',
    steps: [
      connectStep,
      {
        id: 'heartbeat',
        title: 'Send a heartbeat',
        instruction: 'PUT mqtt/connection?clientid=123&token=<token> (the "Heartbeat" preset).',
        check: answered('PUT', '/mqtt/connection', '2.04'),
        explanation:
          '2.04 Changed. The gateway counts received datagrams; at each check (every 15 s with heartbeat=30s) it looks whether the count moved. Idle time grows by the check interval when it did not, and the channel closes once idle + check ≥ 1.5 × 30 s.',
        action: {
          label: 'Send the heartbeat',
          intents: (e) => [send({ method: 'PUT', path: `mqtt/connection${withToken(e)}` })],
        },
      },
      {
        id: 'reset',
        title: 'Watch the keep-alive check see it',
        instruction: 'Advance the clock by 15 s: the next keep-alive check notices the heartbeat.',
        check: gatewayEvent('keepalive-reset'),
        explanation:
          'The check saw new traffic and reset the idle time: the Connections panel shows the new expiry. Any datagram would have done the same, a publish or an empty ACK for a notification.',
        action: { label: 'Advance 15 s', intents: () => [{ type: 'clock-advance', ms: 15_000 }] },
      },
      {
        id: 'expire',
        title: 'Go silent until the session expires',
        instruction: 'Advance the clock by 60 s more without sending anything.',
        check: gatewayEvent('channel-closed', (e) => e.reason === 'keepalive-timeout'),
        explanation:
          'No datagram for 45–60 s: the channel closed with reason keep-alive timeout. The token, the session and its subscriptions are gone; the document’s "heartbeat interval" is really 1.5 × heartbeat, measured in check intervals.',
        action: { label: 'Advance 60 s', intents: () => [{ type: 'clock-advance', ms: 60_000 }] },
      },
      {
        id: 'stale',
        title: 'Use the old token',
        instruction:
          'Publish with clientid=123 and the token the gateway issued before the session expired (the "Publish" preset fills it in).',
        // Done only with a token the lesson's connect really issued: an empty or made-up token
        // is another mistake, and the explanation would not match what was sent.
        check: (entries, history) =>
          answered('POST', '/ps/', '4.01', (q) => {
            const t = queryToken(q);
            return t !== undefined && issuedTokens(history).includes(t);
          })(entries),
        explanation:
          'The gateway refused the old token with 4.01 Unauthorized: its session closed when keep-alive expired, and the token went with it. A device that was silent too long must connect again, and gets a new token.',
        action: { label: 'Publish with the old token', intents: (e) => [publish(withToken(e))] },
      },
    ],
  },
  {
    id: 'qos-notifications',
    title: 'QoS → CON or NON notifications',
    summary:
      'The published message’s QoS, not the subscription’s, decides whether a notification is CON or NON.',
    settings: 'connection_required=false&notify_type=qos',
    steps: [
      {
        id: 'subscribe',
        title: 'Subscribe with qos=0',
        instruction: `GET ps/${TOPIC}?qos=0 with Observe=0 and the token "obstoken".`,
        check: gatewayEvent('observe-added'),
        explanation:
          'Subscribed with QoS 0. The document says this QoS decides CON or NON; the next two steps show that it does not.',
        action: { label: 'Subscribe with qos=0', intents: () => [subscribe('?qos=0')] },
      },
      {
        id: 'non',
        title: 'Publish from MQTT with QoS 0',
        instruction: `Add an MQTT client "app" and publish to ${TOPIC} with QoS 0.`,
        check: gatewayEvent('notification', (e) => e.type === 'NON'),
        explanation:
          'A NON notification: with notify_type=qos a QoS 0 message goes out NON. Nobody acknowledges it; if it is lost, it is lost.',
        action: { label: 'Publish QoS 0', intents: () => [mqttClient, mqttPublish(0, 'qos 0')] },
      },
      {
        id: 'con',
        title: 'Publish again with QoS 1',
        instruction: `Publish to ${TOPIC} with QoS 1 from the MQTT client.`,
        check: gatewayEvent('notification', (e) => e.type === 'CON'),
        explanation:
          'A CON notification, although the subscription is QoS 0: the broker does not downgrade, and the gateway looks at the message’s QoS (gateway-behaviour §1.10). One CON notification per session is in flight at a time; later ones wait in a queue.',
        action: { label: 'Publish QoS 1', intents: () => [mqttClient, mqttPublish(1, 'qos 1')] },
      },
      {
        id: 'acked',
        title: 'See the client acknowledge it',
        instruction:
          'Nothing to do: the simulated client acknowledges CON notifications. Find the empty ACK in the packet log.',
        check: gatewayEvent('acked'),
        explanation:
          'The client answered with an empty ACK carrying the notification’s Message ID. That completed it and freed the in-flight window. Without an ACK the gateway would retransmit it up to 4 times, then drop it and keep the observation.',
      },
    ],
  },
  {
    id: 'retained',
    title: 'Retained messages and expiry',
    summary:
      'Publish a retained message with an expiry: MQTT subscribers get it, CoAP observers never do, and it expires.',
    settings: 'connection_required=false',
    steps: [
      {
        id: 'retain',
        title: 'Publish retained, expiring in 20 s',
        instruction: `POST ps/${TOPIC}?retain=true&expiry=20 with a payload.`,
        check: gatewayEvent('published', (e) => e.retain && e.expiry !== undefined),
        explanation:
          'Published with the MQTT retain flag and Message-Expiry-Interval 20. Only the literal "true" sets retain (r=1 does not). (5.x ignored expiry: a key mismatch.)',
        action: {
          label: 'Publish retained',
          intents: () => [publish('?retain=true&expiry=20', 'retained for 20 s')],
        },
      },
      {
        id: 'mqtt-gets-it',
        title: 'Subscribe from MQTT: it arrives',
        instruction: `Add an MQTT client "app" and subscribe to ${TOPIC}.`,
        check: worldEvent('mqtt-subscribed', (e) => e.retained > 0),
        explanation:
          'The broker handed the retained message to the new MQTT subscriber at once, flagged retained, with the rest of its expiry.',
        action: {
          label: 'Subscribe from MQTT',
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
        title: 'Observe from CoAP: nothing arrives',
        instruction: `GET ps/${TOPIC} with Observe=0 and the token "obstoken".`,
        check: gatewayEvent('observe-added'),
        explanation:
          'Subscribed (2.05), but no notification followed: the gateway never delivers retained messages to CoAP observers (the retainer ignores subscribers that are not MQTT; gateway-behaviour §1.9). Only new publishes reach them.',
        action: { label: 'Subscribe from CoAP', intents: () => [subscribe()] },
      },
      {
        id: 'expired',
        title: 'Wait 25 s and subscribe from MQTT again',
        instruction:
          'Advance the clock by 25 s, remove and re-add the MQTT subscription (or add another MQTT client and subscribe).',
        check: worldEvent('mqtt-subscribed', (e) => e.retained === 0 && e.filter === TOPIC),
        explanation:
          'No retained message this time: its 20 s expiry passed, so the broker dropped it. Retained messages with an expiry disappear by themselves.',
        action: {
          label: 'Advance 25 s, subscribe again',
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
    title: 'Short parameter names',
    summary: 'c, t, u, p, q and r stand for clientid, token, username, password, qos and retain.',
    settings: 'connection_required=true',
    steps: [
      {
        id: 'connect',
        title: 'Connect with c=123',
        instruction: 'POST mqtt/connection?c=123 (short for clientid).',
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
        explanation:
          'c is clientid: the gateway expands the six short names before anything else. If both forms are given, the short one wins.',
        action: { label: 'Connect with c=', intents: () => [connect('c')] },
      },
      {
        id: 'publish',
        title: 'Publish with c, t and q',
        instruction: `POST ps/${TOPIC}?c=123&t=<token>&q=1 as a NON request.`,
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
        explanation:
          't is the token and q the QoS: the message went to MQTT at QoS 1 although the request was NON (which alone would mean QoS 0 under publish_qos=coap).',
        action: {
          label: 'Publish with short names',
          intents: (e) => [publish(`?c=${CID}&t=${lastToken(e)}&q=1`, 'short names', false)],
        },
      },
      {
        id: 'retain-1',
        title: 'Try r=1',
        instruction: `POST ps/${TOPIC}?c=123&t=<token>&r=1.`,
        check: (entries) => {
          for (let i = 0; i < entries.length; i++) {
            const e = entries[i];
            if (e.kind !== 'gateway' || e.event.kind !== 'published' || e.event.retain) continue;
            if (queryBefore(entries, i)?.get('r') === '1') return proofAt(entries, i);
          }
          return undefined;
        },
        explanation:
          'Published, but not retained: retain is true only for the exact text "true". r=1, retain=1 or r=yes all mean false.',
        action: {
          label: 'Publish with r=1',
          intents: (e) => [publish(`?c=${CID}&t=${lastToken(e)}&r=1`)],
        },
      },
      {
        id: 'retain-true',
        title: 'Now r=true',
        instruction: `POST ps/${TOPIC}?c=123&t=<token>&r=true.`,
        check: gatewayEvent('published', (e) => e.retain),
        explanation:
          'Retained this time. There are no short names for expiry, nl or rh; and a query entry with no "=" or with two is dropped without a word.',
        action: {
          label: 'Publish with r=true',
          intents: (e) => [publish(`?c=${CID}&t=${lastToken(e)}&r=true`)],
        },
      },
    ],
  },
  {
    id: 'lossy',
    title: 'A lossy link and retransmission',
    summary:
      'Lose every datagram and watch CON retransmissions back off until the client gives up; then duplicate them.',
    settings: 'connection_required=false&heartbeat=300s',
    steps: [
      {
        id: 'lose',
        title: 'Make the link lose everything',
        instruction: 'In the Clients panel, set the link of "device" to 100 % loss and apply it.',
        check: worldEvent('link-changed', (e) => e.client === LESSON_CLIENT && e.loss >= 0.5),
        explanation:
          'Every datagram between device and the gateway is now dropped, both ways. The sequence view draws lost datagrams as arrows that stop short with ✕.',
        action: {
          label: 'Set 100 % loss',
          intents: () => [
            { type: 'set-link', client: LESSON_CLIENT, link: { loss: 1, delay: 0, duplicate: 0 } },
          ],
        },
      },
      {
        id: 'retransmit',
        title: 'Send a CON publish',
        instruction: `Send POST ps/${TOPIC} as CON and step the clock to the next deadline.`,
        check: worldEvent('client-retransmission', (e) => e.client === LESSON_CLIENT),
        explanation:
          'No ACK came within ACK_TIMEOUT (2–3 s), so the client sent the same message again, same Message ID and token (RFC 7252 §4.2). The sequence view marks it ↻.',
        action: {
          label: 'Publish and wait 4 s',
          intents: () => [publish(''), { type: 'clock-advance', ms: 4_000 }],
        },
      },
      {
        id: 'give-up',
        title: 'Wait until the client gives up',
        instruction: 'Advance the clock by 100 s (or step it to each next deadline).',
        check: worldEvent('client-gave-up', (e) => e.client === LESSON_CLIENT),
        explanation:
          'The timeout doubled after each try (2–3, 4–6, 8–12, 16–24 s…). After MAX_RETRANSMIT = 4 retransmissions, five transmissions in all, the client gave up: the request timed out. The sequence view marks the give-up ⊘.',
        action: {
          label: 'Advance 100 s',
          intents: () => [{ type: 'clock-advance', ms: 100_000 }],
        },
      },
      {
        id: 'duplicate',
        title: 'Duplicate instead of losing',
        instruction:
          'Set the link to 0 % loss and 100 % duplication, send a CON publish again, and advance the clock a second so the second copy arrives.',
        check: gatewayEvent('duplicate'),
        explanation:
          'The network delivered the publish twice. The gateway recognised the second copy by its Message ID (dedup lives 247 s for CON) and resent its cached reply instead of publishing twice.',
        action: {
          label: 'Duplicate and publish',
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
    title: 'Send a command down to a device',
    summary:
      'The gateway’s other half: the management API sends a CON request to a connected device, which answers as a CoAP server.',
    settings: 'connection_required=true',
    steps: [
      connectStep,
      {
        id: 'operator',
        title: 'Send a request from the Operator view',
        instruction:
          'Open Gateway → Operator, pick client 123 and press "Send the request" (GET, token atoken, text/plain, timeout 10s).',
        check: answeredWith(200),
        explanation:
          'The API asked the gateway to send a CON GET to 123, with the token and Content-Format you gave and no Uri-Path: the API has no path field, so what the device answers is its own business. The device "device" echoes the payload in a piggy-backed ACK 2.05, and the API answered 200 with its id (the ACK’s Message ID), token, method {ok,content} and payload (emqx_coap_api:request/2).',
        action: { label: 'Send the request', intents: () => [downRequest('atoken')] },
      },
      {
        id: 'curl',
        title: 'The same with curl',
        instruction: `With the page opened from npm start, run the curl command the Operator view shows under the answer (it fills in the key if you paste it): curl -u KEY:SECRET -H 'content-type: application/json' -d '{"method":"get","token":"t2","content_type":"text/plain","payload":"ping","timeout":"10s"}' http://127.0.0.1:5173/api/v5/gateways/coap/clients/${CID}/request`,
        check: answeredWith(200),
        explanation:
          'The relay checked your key (HTTP Basic, as EMQX’s API keys), forwarded the call to this page, and held your HTTP request open until the device answered: the journal shows it as an operator call like the page’s own, and the sequence view draws it on the Operator lane. A token still in flight is not sent twice (the reference’s transport ignores a repeat send), so use a new one each time.',
        action: { label: 'Send it from the page instead', intents: () => [downRequest('t2')] },
      },
      {
        id: 'silent',
        title: 'A device that does not answer',
        instruction:
          'In the device’s client card, open "As a device" and choose "No answer at all", then send a request with timeout 2s.',
        check: answeredWith(504),
        explanation:
          'The gateway sent its CON and retransmitted it (2–3 s, then doubling), but nothing came back: when the call’s own timeout ran out the API answered 504 {"code":"CLIENT_NOT_RESPONSE"}. The gateway keeps retransmitting until MAX_RETRANSMIT even so, and an RST from the device would not end the call sooner: the reference waits for its timeout either way.',
        action: {
          label: 'Silence the device and send',
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
