import type { RequestSpec } from '../../coap';
import { toCoapClientCommand } from '../composer/coap-client-command';
import {
  PRESET_CLIENT_ID,
  PRESET_PAYLOAD,
  PRESET_TOPIC,
  type GatewayMode,
} from '../composer/presets';

/** One command of the welcome's terminal walkthrough, and what it shows. */
export interface TerminalStep {
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
            'Connect as 123: prints the token',
            { method: 'POST', confirmable: true, path: `mqtt/connection?${id}` },
          ],
          [
            'Publish with clientid and token (put the printed token for TOKEN)',
            {
              method: 'POST',
              confirmable: true,
              path: `ps/${PRESET_TOPIC}${auth}`,
              payload: text(PRESET_PAYLOAD),
            },
          ],
          [
            'Heartbeat: keeps the session alive',
            { method: 'PUT', confirmable: true, path: `mqtt/connection${auth}` },
          ],
          [
            'Disconnect: the token dies with the session',
            { method: 'DELETE', confirmable: true, path: `mqtt/connection${auth}` },
          ],
        ]
      : [
          [
            'Observe coap/test for 60 s (in one terminal)',
            { method: 'GET', confirmable: true, path: `ps/${PRESET_TOPIC}`, observe: 0 },
          ],
          [
            'Publish to it (in another): the observer prints the payload',
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
