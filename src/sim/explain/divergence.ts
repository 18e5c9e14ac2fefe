import type { GatewayEvent } from '../../gateway';
import { endpointKey } from '../../gateway';
import type { DatagramSummary } from '../summary';
import { dotted, requestInfo } from './request-info';

/**
 * "Where the document is wrong": for a datagram the gateway sent, what the Chinese client-access
 * document (the seed, `zh_CN/gateway/coap.md`) promises that the reference gateway does not do,
 * or does not say (gateway-behaviour §4). Pure: the caller passes what the journal knows.
 */
export interface DivergenceNote {
  /** Stable id, e.g. `delete-2.02`; tests and the UI key on it. */
  id: string;
  /** What the document says, as a sentence after "Document:". */
  doc: string;
  /** What the gateway does instead, as a sentence after "Gateway:". */
  actual: string;
  /** Where docs/gateway-behaviour.md discusses it, e.g. `gateway-behaviour §4 #2`. */
  ref: string;
}

export interface DivergenceInput {
  /** The datagram the gateway sent (a response, a notification or an RST). */
  response: DatagramSummary;
  /** The request it answers, when found by peer, Message ID and token. */
  request?: DatagramSummary;
  /** Gateway events of the step that sent it (same time, same channel). */
  events?: readonly GatewayEvent[];
  /** The response's payload as text, when it has one. */
  payloadText?: string;
  /** The channel's mode, from its `channel-opened` event. */
  mode?: 'connection' | 'connectionless';
  /** For a notification: the QoS the observer subscribed with (its `observe-added` event). */
  subscriptionQos?: number;
}

const has = (events: readonly GatewayEvent[] | undefined, kind: GatewayEvent['kind']): boolean =>
  events?.some((e) => e.kind === kind) ?? false;

/** Codes the gateway sends that the document's per-interface return-code lists never mention (§4 #17). */
const UNLISTED: Readonly<Record<string, string>> = {
  '4.02': 'an unknown critical option, a repeated one, or a bad Block option (6.1.1+)',
  '4.08': 'a Block1 transfer that arrives out of order (6.1.1+)',
  '4.13': 'a Block1 body larger than blockwise.max_body_size (6.1.1+)',
  '2.31': 'each non-final Block1 block (6.1.1+)',
};

export function divergence(input: DivergenceInput): DivergenceNote[] {
  const { response, request, events, payloadText, mode } = input;
  const notes: DivergenceNote[] = [];
  if (!response.ok) return notes;
  const code = dotted(response.code);
  const info = request ? requestInfo(request) : undefined;

  if (response.type === 'RST') {
    if (events?.some((e) => e.kind === 'frame-error' && e.action === 'rst'))
      notes.push({
        id: 'rst-malformed',
        doc: 'Says nothing about malformed messages.',
        actual:
          '6.1.1+ answers a malformed CON with RST and silently drops a malformed NON; 5.x ignored it or crashed the channel.',
        ref: 'gateway-behaviour §1.3, §4 #17',
      });
    return notes;
  }

  // A notification: CON or NON with Observe that answers no request of the client.
  const note = events?.find(
    (e): e is Extract<GatewayEvent, { kind: 'notification' }> =>
      e.kind === 'notification' && e.messageId === response.messageId && e.token === response.token,
  );
  if (note && input.subscriptionQos !== undefined) {
    const promised = input.subscriptionQos > 0 ? 'CON' : 'NON';
    if (promised !== note.type)
      notes.push({
        id: 'notify-type',
        doc: `The subscription's qos decides CON or NON: this subscription has QoS ${input.subscriptionQos}, so ${promised}.`,
        actual: `Sent this notification as ${note.type}: ${note.why}.`,
        ref: 'gateway-behaviour §1.10, §4 #8',
      });
    return notes;
  }
  if (note) return notes;

  const moved = events?.find(
    (e): e is Extract<GatewayEvent, { kind: 'peer-moved' }> => e.kind === 'peer-moved',
  );
  if (moved)
    notes.push({
      id: 'peer-moved',
      doc: 'Its examples observe in one terminal and publish with the same clientid from another.',
      actual: `Follows the newest address of a clientid: this channel now answers ${endpointKey(moved.to)}, and its notifications no longer reach ${endpointKey(moved.from)}. Each coap-client run has a new port, so give the publisher its own clientid.`,
      ref: 'gateway-behaviour §1.1',
    });

  if (code === '2.02' && info?.kind === 'disconnect')
    notes.push({
      id: 'delete-2.02',
      doc: 'A disconnect (DELETE mqtt/connection) succeeds with 2.01.',
      actual: 'Answers 2.02 Deleted, and the channel shuts down.',
      ref: 'gateway-behaviour §1.2, §4 #2',
    });

  if (code === '2.04' && info?.kind === 'heartbeat') {
    notes.push({
      id: 'heartbeat-2.04',
      doc: 'A heartbeat (PUT mqtt/connection) succeeds with 2.01.',
      actual: 'Answers 2.04 Changed.',
      ref: 'gateway-behaviour §1.2, §4 #3',
    });
    notes.push({
      id: 'heartbeat-expiry',
      doc: 'The session is deleted when the heartbeat interval (default 30 s) passes without a heartbeat.',
      actual:
        'Closes the channel after 1.5 × heartbeat (45–60 s by default) with no inbound datagram of any kind: any request, ACK or ping resets it, not only this PUT, and it applies in connectionless mode too.',
      ref: 'gateway-behaviour §1.6, §4 #12',
    });
  }

  const loginFailed =
    has(events, 'login-failed') || (payloadText?.startsWith('Login Failed:') ?? false);
  if (loginFailed && (info === undefined || info.kind === 'connect'))
    notes.push({
      id: 'login-4.00',
      doc: 'A failed login answers 4.01 (e.g. Login Failed: not_authorized).',
      actual: `Answers ${code} Bad Request with the payload "Login Failed: <reason>" and closes the channel; 4.01 is only for bad tokens and authorization denials.`,
      ref: 'gateway-behaviour §1.4, §4 #1',
    });

  if (code === '2.07') {
    const cancelled = events?.find(
      (e): e is Extract<GatewayEvent, { kind: 'observe-cancelled' }> =>
        e.kind === 'observe-cancelled',
    );
    if (mode === 'connectionless' && cancelled)
      notes.push(
        cancelled.existed
          ? {
              id: 'unsubscribe-connectionless',
              doc: 'Unsubscribe is only available in connection mode.',
              actual:
                'Handles it in both modes: it worked here in connectionless mode, because the request came from the same address and port (the same channel) as the subscribe.',
              ref: 'gateway-behaviour §1.5, §4 #7',
            }
          : {
              id: 'unsubscribe-other-channel',
              doc: 'Unsubscribe is only available in connection mode.',
              actual:
                'Handles it in both modes and always answers 2.07, but in connectionless mode it only cancels an observation made from the same address and port. This channel had none, so nothing was cancelled.',
              ref: 'gateway-behaviour §1.5, §4 #7',
            },
      );
    notes.push({
      id: 'code-2.07',
      doc: 'Lists 2.07 for unsubscribe as if it were a normal CoAP code.',
      actual:
        'Sends 2.07, which is not a registered CoAP response code (the reference\u2019s {ok, nocontent}); a strict client may treat it as unknown.',
      ref: 'gateway-behaviour §1.2, §4 #4',
    });
  }

  if (code === '4.05')
    notes.push({
      id: 'code-4.05',
      doc: 'Never lists 4.05 among the return codes.',
      actual:
        'Answers 4.05 Method Not Allowed for a method other than POST, PUT or DELETE on mqtt/connection, other than POST or GET on ps/, or an unknown method code.',
      ref: 'gateway-behaviour §1.2, §4 #17',
    });

  if (UNLISTED[code])
    notes.push({
      id: `code-${code}`,
      doc: `Never lists ${code} among the return codes.`,
      actual: `Sends ${code} for ${UNLISTED[code]}.`,
      ref: 'gateway-behaviour §1.3, §1.12, §4 #17',
    });

  if (code === '4.00' && payloadText === 'observe without token')
    notes.push({
      id: 'observe-needs-token',
      doc: 'Describes subscribe as GET with Observe 0 and says nothing of the token.',
      actual:
        'Needs a non-empty CoAP token (the observe token) on a subscribe; without one it answers 4.00 "observe without token".',
      ref: 'gateway-behaviour §1.9, §4 #5',
    });

  if (code === '4.00' && payloadText === 'invalid observe value' && request?.observe === undefined)
    notes.push({
      id: 'unsubscribe-needs-observe',
      doc: 'Its unsubscribe table lists a plain GET with no Observe option.',
      actual:
        'Needs Observe 1 on the GET to unsubscribe (0 subscribes); without it, it answers 4.00 "invalid observe value".',
      ref: 'gateway-behaviour §1.2, §4 #6',
    });

  if (
    code === '4.01' &&
    mode === 'connectionless' &&
    (info?.kind === 'publish' || info?.kind === 'subscribe')
  )
    notes.push({
      id: 'connectionless-authn',
      doc: 'Connectionless mode has no authentication (the 5.8 document).',
      actual:
        'Authenticates (6.x) every ps/ request in connectionless mode from its clientid, username and password query, and answers 4.01 when that fails.',
      ref: 'gateway-behaviour §1.5, §4 #14',
    });

  return notes;
}
