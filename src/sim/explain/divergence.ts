import type { GatewayEvent } from '../../gateway';
import { endpointKey } from '../../gateway';
import type { DatagramSummary } from '../summary';
import { msg, type Msg, type MsgParam } from '../../wire/msg';
import { dotted, requestInfo } from './request-info';

/**
 * "Where the document is wrong": for a datagram the gateway sent, what the Chinese client-access
 * document (the seed, `zh_CN/gateway/coap.md`) promises that the reference gateway does not do,
 * or does not say (gateway-behaviour §4). Pure: the caller passes what the journal knows.
 */
export interface DivergenceNote {
  /** Stable id, e.g. `delete-2.02`; tests and the UI key on it. */
  id: string;
  /**
   * What the document says, as a sentence after "Document:" (`notes:<id>.doc`): in Chinese, the
   * document's own words.
   */
  doc: Msg;
  /** What the gateway does instead, as a sentence after "Gateway:" (`notes:<id>.actual`). */
  actual: Msg;
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

type Params = Record<string, MsgParam | undefined>;

/** A note whose sentences are `notes:<key>.doc` and `notes:<key>.actual` (key: its id unless said). */
function note(
  id: string,
  ref: string,
  params: { doc?: Params; actual?: Params } = {},
  key = id,
): DivergenceNote {
  return {
    id,
    doc: msg(`notes:${key}.doc`, params.doc),
    actual: msg(`notes:${key}.actual`, params.actual),
    ref,
  };
}

/** Codes the gateway sends that the document's per-interface return-code lists never mention (§4 #17). */
const UNLISTED: ReadonlySet<string> = new Set(['4.02', '4.08', '4.13', '2.31']);

export function divergence(input: DivergenceInput): DivergenceNote[] {
  const { response, request, events, payloadText, mode } = input;
  const notes: DivergenceNote[] = [];
  if (!response.ok) return notes;
  const code = dotted(response.code);
  const info = request ? requestInfo(request) : undefined;

  if (response.type === 'RST') {
    if (events?.some((e) => e.kind === 'frame-error' && e.action === 'rst'))
      notes.push(note('rst-malformed', 'gateway-behaviour §1.3, §4 #17'));
    return notes;
  }

  // A notification: CON or NON with Observe that answers no request of the client.
  const sent = events?.find(
    (e): e is Extract<GatewayEvent, { kind: 'notification' }> =>
      e.kind === 'notification' && e.messageId === response.messageId && e.token === response.token,
  );
  if (sent && input.subscriptionQos !== undefined) {
    const promised = input.subscriptionQos > 0 ? 'CON' : 'NON';
    if (promised !== sent.type)
      notes.push(
        note('notify-type', 'gateway-behaviour §1.10, §4 #8', {
          doc: { qos: String(input.subscriptionQos), promised },
          actual: { type: sent.type, why: sent.why },
        }),
      );
    return notes;
  }
  if (sent) return notes;

  const moved = events?.find(
    (e): e is Extract<GatewayEvent, { kind: 'peer-moved' }> => e.kind === 'peer-moved',
  );
  if (moved)
    notes.push(
      note('peer-moved', 'gateway-behaviour §1.1', {
        actual: { to: endpointKey(moved.to), from: endpointKey(moved.from) },
      }),
    );

  if (code === '2.02' && info?.kind === 'disconnect')
    notes.push(note('delete-2.02', 'gateway-behaviour §1.2, §4 #2'));

  if (code === '2.04' && info?.kind === 'heartbeat') {
    notes.push(note('heartbeat-2.04', 'gateway-behaviour §1.2, §4 #3'));
    notes.push(note('heartbeat-expiry', 'gateway-behaviour §1.6, §4 #12'));
  }

  const loginFailed =
    has(events, 'login-failed') || (payloadText?.startsWith('Login Failed:') ?? false);
  if (loginFailed && (info === undefined || info.kind === 'connect'))
    notes.push(
      note('login-4.00', 'gateway-behaviour §1.4, §4 #1', {
        doc: { example: 'Login Failed: not_authorized' },
        actual: { code, payload: 'Login Failed: <reason>' },
      }),
    );

  if (code === '2.07') {
    const cancelled = events?.find(
      (e): e is Extract<GatewayEvent, { kind: 'observe-cancelled' }> =>
        e.kind === 'observe-cancelled',
    );
    if (mode === 'connectionless' && cancelled)
      notes.push(
        note(
          cancelled.existed ? 'unsubscribe-connectionless' : 'unsubscribe-other-channel',
          'gateway-behaviour §1.5, §4 #7',
        ),
      );
    notes.push(
      note('code-2.07', 'gateway-behaviour §1.2, §4 #4', { actual: { term: '{ok, nocontent}' } }),
    );
  }

  if (code === '4.05') notes.push(note('code-4.05', 'gateway-behaviour §1.2, §4 #17'));

  if (UNLISTED.has(code))
    notes.push(
      note(
        `code-${code}`,
        'gateway-behaviour §1.3, §1.12, §4 #17',
        { doc: { code }, actual: { code, what: msg(`notes:unlisted.${code}`) } },
        'code-unlisted',
      ),
    );

  if (code === '4.00' && payloadText === 'observe without token')
    notes.push(
      note('observe-needs-token', 'gateway-behaviour §1.9, §4 #5', {
        actual: { payload: payloadText },
      }),
    );

  if (code === '4.00' && payloadText === 'invalid observe value' && request?.observe === undefined)
    notes.push(
      note('unsubscribe-needs-observe', 'gateway-behaviour §1.2, §4 #6', {
        actual: { payload: payloadText },
      }),
    );

  if (
    code === '4.01' &&
    mode === 'connectionless' &&
    (info?.kind === 'publish' || info?.kind === 'subscribe')
  )
    notes.push(note('connectionless-authn', 'gateway-behaviour §1.5, §4 #14'));

  return notes;
}
