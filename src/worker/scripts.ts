/**
 * Ready-made scripts (the `Scenario` format) for the side-by-side comparison. Plain data: the page
 * offers them, the worker runs them.
 */
import type { RequestSpec } from '../sim';
import type { Scenario, ScenarioStep } from './api';

/** Replaced, in a request's path, by the token that world's gateway issued last. */
export const TOKEN_PLACEHOLDER = '{token}';

const text = (s: string) => new TextEncoder().encode(s);

/** A confirmable request from the script's CoAP client, `device`, at virtual time `at`. */
const device = (
  at: number,
  { method, ...rest }: Omit<RequestSpec, 'confirmable'>,
): ScenarioStep => ({
  at,
  // Key order as the page shows the script's JSON: method, confirmable, then the rest.
  intent: { type: 'send', client: 'device', spec: { method, confirmable: true, ...rest } },
});

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
    device(100, { method: 'POST', path: 'mqtt/connection?clientid=123' }),
    device(1000, {
      method: 'POST',
      path: 'ps/coap/test',
      payload: text('no token'),
    }),
    device(2000, {
      method: 'POST',
      path: `ps/coap/test?clientid=123&token=${TOKEN_PLACEHOLDER}`,
      payload: text('with token'),
    }),
    device(3000, {
      method: 'GET',
      path: `ps/coap/test?clientid=123&token=${TOKEN_PLACEHOLDER}`,
      observe: 0,
      token: text('obstoken'),
    }),
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
    device(5000, {
      method: 'PUT',
      path: `mqtt/connection?clientid=123&token=${TOKEN_PLACEHOLDER}`,
    }),
    device(6000, {
      method: 'DELETE',
      path: `mqtt/connection?clientid=123&token=${TOKEN_PLACEHOLDER}`,
    }),
    device(7000, {
      method: 'POST',
      path: `ps/coap/test?clientid=123&token=${TOKEN_PLACEHOLDER}`,
      payload: text('after disconnect'),
    }),
  ],
};
