/**
 * Ready-made scripts (the `Scenario` format) for the side-by-side comparison. Plain data: the page
 * offers them, the worker runs them.
 */
import type { Scenario } from './scenario';

/** Replaced, in a request's path, by the token that world's gateway issued last. */
export const TOKEN_PLACEHOLDER = '{token}';

const text = (s: string) => new TextEncoder().encode(s);

/** The seed document's lifecycle, with the mistakes that show the modes apart. */
export const LIFECYCLE_SCRIPT: Scenario = {
  version: 1,
  seed: 2026,
  settings: 'heartbeat=30s',
  steps: [
    { at: 0, intent: { type: 'add-coap-client', name: 'device' } },
    { at: 0, intent: { type: 'add-mqtt-client', clientId: 'app' } },
    {
      at: 0,
      intent: {
        type: 'mqtt-subscribe',
        client: 'app',
        filter: 'coap/#',
        options: { qos: 0, nl: false, rap: false, rh: 0 },
      },
    },
    {
      at: 100,
      intent: {
        type: 'send',
        client: 'device',
        spec: { method: 'POST', confirmable: true, path: 'mqtt/connection?clientid=123' },
      },
    },
    {
      at: 1000,
      intent: {
        type: 'send',
        client: 'device',
        spec: {
          method: 'POST',
          confirmable: true,
          path: 'ps/coap/test',
          payload: text('no token'),
        },
      },
    },
    {
      at: 2000,
      intent: {
        type: 'send',
        client: 'device',
        spec: {
          method: 'POST',
          confirmable: true,
          path: `ps/coap/test?clientid=123&token=${TOKEN_PLACEHOLDER}`,
          payload: text('with token'),
        },
      },
    },
    {
      at: 3000,
      intent: {
        type: 'send',
        client: 'device',
        spec: {
          method: 'GET',
          confirmable: true,
          path: `ps/coap/test?clientid=123&token=${TOKEN_PLACEHOLDER}`,
          observe: 0,
          token: text('obstoken'),
        },
      },
    },
    {
      at: 4000,
      intent: {
        type: 'mqtt-publish',
        client: 'app',
        topic: 'coap/test',
        payload: text('hello observers'),
        qos: 0,
        retain: false,
      },
    },
    {
      at: 5000,
      intent: {
        type: 'send',
        client: 'device',
        spec: {
          method: 'PUT',
          confirmable: true,
          path: `mqtt/connection?clientid=123&token=${TOKEN_PLACEHOLDER}`,
        },
      },
    },
    {
      at: 6000,
      intent: {
        type: 'send',
        client: 'device',
        spec: {
          method: 'DELETE',
          confirmable: true,
          path: `mqtt/connection?clientid=123&token=${TOKEN_PLACEHOLDER}`,
        },
      },
    },
    {
      at: 7000,
      intent: {
        type: 'send',
        client: 'device',
        spec: {
          method: 'POST',
          confirmable: true,
          path: `ps/coap/test?clientid=123&token=${TOKEN_PLACEHOLDER}`,
          payload: text('after disconnect'),
        },
      },
    },
  ],
};
