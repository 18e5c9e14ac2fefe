import type { RequestSpec } from '../../coap';
import { i18n } from '../i18n/i18n';
import { toCoapClientCommand } from '../composer/coap-client-command';
import {
  PRESET_CLIENT_ID,
  PRESET_PAYLOAD,
  PRESET_TOPIC,
  type GatewayMode,
} from '../composer/presets';

/** One command of the welcome's terminal walkthrough, and what it shows. */
export interface TerminalStep {
  /** In the page's language at the time of the call. */
  what: string;
  command: string;
}

const text = (s: string) => new TextEncoder().encode(s);

/**
 * The first real-client commands for this page's relay at `relay` (host and UDP port), in the
 * gateway's mode: built by the composer's own command builder, so they are the commands its
 * "coap-client command" box gives for the same requests. `TOKEN` stands for the token the
 * connect prints.
 */
export function terminalSteps(
  relay: { host: string; port: number },
  mode: GatewayMode,
): TerminalStep[] {
  const id = `clientid=${PRESET_CLIENT_ID}`;
  const auth = mode === 'connection' ? `?${id}&token=TOKEN` : '';
  const specs: Array<[string, RequestSpec]> =
    mode === 'connection'
      ? [
          [
            i18n.t('welcome:step.connect', { clientid: PRESET_CLIENT_ID }),
            { method: 'POST', confirmable: true, path: `mqtt/connection?${id}` },
          ],
          [
            i18n.t('welcome:step.publish'),
            {
              method: 'POST',
              confirmable: true,
              path: `ps/${PRESET_TOPIC}${auth}`,
              payload: text(PRESET_PAYLOAD),
            },
          ],
          [
            i18n.t('welcome:step.heartbeat'),
            { method: 'PUT', confirmable: true, path: `mqtt/connection${auth}` },
          ],
          [
            i18n.t('welcome:step.disconnect'),
            { method: 'DELETE', confirmable: true, path: `mqtt/connection${auth}` },
          ],
        ]
      : [
          [
            i18n.t('welcome:step.observe', { topic: PRESET_TOPIC, s: 60 }),
            { method: 'GET', confirmable: true, path: `ps/${PRESET_TOPIC}`, observe: 0 },
          ],
          [
            i18n.t('welcome:step.publish-to-observer'),
            {
              method: 'POST',
              confirmable: true,
              path: `ps/${PRESET_TOPIC}`,
              payload: text(PRESET_PAYLOAD),
            },
          ],
        ];
  const out: TerminalStep[] = [];
  for (const [what, spec] of specs) {
    const c = toCoapClientCommand(spec, relay);
    if (c.ok) out.push({ what, command: c.command });
  }
  return out;
}
