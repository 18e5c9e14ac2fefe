import type { ChannelView, WorldSnapshot } from '../../worker/api';
import { DEFAULT_FORM } from './form';
import type { ComposerForm } from './form';
import type { QueryParam } from './params';
import { i18n } from '../i18n/i18n';

/**
 * One-click requests for every operation of the client-API document (seed doc, `zh_CN/gateway/
 * coap.md`), in both gateway modes. The values are the document's: clientid 123, admin/public,
 * topic coap/test, payload "Hi, this is libcoap", observe token "obstoken".
 */
export type PresetId =
  'connect' | 'heartbeat' | 'disconnect' | 'publish' | 'subscribe' | 'unsubscribe';
export type GatewayMode = 'connection' | 'connectionless';

export interface PresetDefinition {
  id: PresetId;
  /** Message ids: its name, and the document's description with what the gateway really answers
   * (gateway-behaviour §1.2, §4). */
  label: string;
  description: string;
  /** The document says the operation exists only in connection mode; `description` and saying so,
   * in one message, for when it is loaded in connectionless mode. */
  connectionOnly: boolean;
  connectionOnlyDescription?: string;
}

export const PRESET_CLIENT_ID = '123';
export const PRESET_TOPIC = 'coap/test';
export const PRESET_PAYLOAD = 'Hi, this is libcoap';
export const PRESET_OBSERVE_TOKEN = 'obstoken';

export const PRESETS: readonly PresetDefinition[] = [
  {
    id: 'connect',
    label: 'composer:preset.connect',
    description: 'composer:preset.connect.description',
    connectionOnly: true,
    connectionOnlyDescription: 'composer:preset.connect.description-connection-only',
  },
  {
    id: 'heartbeat',
    label: 'composer:preset.heartbeat',
    description: 'composer:preset.heartbeat.description',
    connectionOnly: true,
    connectionOnlyDescription: 'composer:preset.heartbeat.description-connection-only',
  },
  {
    id: 'disconnect',
    label: 'composer:preset.disconnect',
    description: 'composer:preset.disconnect.description',
    connectionOnly: true,
    connectionOnlyDescription: 'composer:preset.disconnect.description-connection-only',
  },
  {
    id: 'publish',
    label: 'composer:preset.publish',
    description: 'composer:preset.publish.description',
    connectionOnly: false,
  },
  {
    id: 'subscribe',
    label: 'composer:preset.subscribe',
    description: 'composer:preset.subscribe.description',
    connectionOnly: false,
  },
  {
    id: 'unsubscribe',
    label: 'composer:preset.unsubscribe',
    description: 'composer:preset.unsubscribe.description',
    connectionOnly: false,
  },
];

/**
 * The token the gateway last issued to `clientId`: the one of its newest live channel that has
 * one (a connected channel keeps its token until it closes; gateway-behaviour §1.4).
 */
export function lastIssuedToken(
  channels: ReadonlyArray<Pick<ChannelView, 'clientId' | 'token' | 'createdAt' | 'state'>>,
  clientId: string,
): string | undefined {
  let best: (typeof channels)[number] | undefined;
  for (const ch of channels) {
    if (ch.clientId !== clientId || !ch.token || ch.state === 'closed') continue;
    if (!best || ch.createdAt >= best.createdAt) best = ch;
  }
  return best?.token;
}

/** The token the presets put in a request, and whether its session still lives. */
export interface PresetToken {
  token: string;
  /** False: the session that had it closed (`reason`); the gateway refuses the token (4.01). */
  live: boolean;
  reason?: string;
}

/**
 * The token for `clientId`'s requests: its live session's, else the one its last session had
 * before it closed (expired, disconnected…), which a device that was not told still sends. An
 * empty `token=` would be a different mistake from the one a learner is shown (gateway-behaviour
 * §1.4: no session is found for the clientid either way, but the lesson is about the old token).
 */
export function presetToken(
  channels: ReadonlyArray<Pick<ChannelView, 'clientId' | 'token' | 'createdAt' | 'state'>>,
  closed: ReadonlyArray<Pick<WorldSnapshot['closed'][number], 'clientId' | 'token' | 'reason'>>,
  clientId: string,
): PresetToken | undefined {
  const live = lastIssuedToken(channels, clientId);
  if (live !== undefined) return { token: live, live: true };
  // Newest first: the session that closed last.
  const old = closed.find((c) => c.clientId === clientId && c.token !== undefined);
  return old?.token !== undefined
    ? { token: old.token, live: false, reason: old.reason }
    : undefined;
}

/** Why a session closed, as the notice says it: message ids. */
const REASON_WORDS: Record<string, string> = {
  'keepalive-timeout': 'composer:closed.keepalive-timeout',
  deleted: 'composer:closed.deleted',
  discarded: 'composer:closed.discarded',
  takenover: 'composer:closed.takenover',
  crashed: 'composer:closed.crashed',
  kicked: 'composer:closed.kicked',
  'login-failed': 'composer:closed.login-failed',
};

/** A closed session's reason in the page's language; one the page does not know, as it is. */
const closedReason = (reason: string | undefined): string =>
  reason === undefined
    ? i18n.t('composer:closed.closed')
    : reason in REASON_WORDS
      ? i18n.t(REASON_WORDS[reason])
      : reason;

export interface PresetResult {
  form: ComposerForm;
  /** Something the user should know before sending (e.g. there is no token yet), in the page's
   * language at the time of the call. */
  notice?: string;
}

const rows = (entries: Array<[string, string]>): QueryParam[] =>
  entries.map(([key, value], i) => ({ id: i + 1, key, value }));

/**
 * The form for a preset. In connection mode the requests after connect carry `clientid` and the
 * token the gateway issued (`token` is left empty, with a notice, when there is none yet); in
 * connectionless mode they carry neither. `shortNames` keeps the user's choice.
 */
export function presetForm(
  id: PresetId,
  mode: GatewayMode,
  context: { token?: string | PresetToken; clientId?: string; shortNames?: boolean } = {},
): PresetResult {
  const issued: PresetToken | undefined =
    typeof context.token === 'string' ? { token: context.token, live: true } : context.token;
  const clientId = context.clientId ?? PRESET_CLIENT_ID;
  const base: ComposerForm = {
    ...DEFAULT_FORM,
    params: [],
    shortNames: context.shortNames ?? false,
    payload: '',
  };
  const identity: Array<[string, string]> =
    mode === 'connection'
      ? [
          ['clientid', clientId],
          ['token', issued?.token ?? ''],
        ]
      : [];
  const notice =
    mode !== 'connection'
      ? undefined
      : !issued
        ? i18n.t('composer:preset.notice.no-token', { clientid: clientId })
        : !issued.live
          ? i18n.t('composer:preset.notice.old-token', {
              clientid: clientId,
              reason: closedReason(issued.reason),
            })
          : undefined;
  switch (id) {
    case 'connect':
      return {
        form: {
          ...base,
          method: 'POST',
          path: 'mqtt/connection',
          params: rows([
            ['clientid', clientId],
            ['username', 'admin'],
            ['password', 'public'],
          ]),
        },
      };
    case 'heartbeat':
    case 'disconnect':
      return {
        form: {
          ...base,
          method: id === 'heartbeat' ? 'PUT' : 'DELETE',
          path: 'mqtt/connection',
          params: rows(identity),
        },
        notice,
      };
    case 'publish':
      return {
        form: {
          ...base,
          method: 'POST',
          path: `ps/${PRESET_TOPIC}`,
          params: rows(identity),
          payload: PRESET_PAYLOAD,
        },
        notice,
      };
    case 'subscribe':
    case 'unsubscribe':
      return {
        form: {
          ...base,
          method: 'GET',
          path: `ps/${PRESET_TOPIC}`,
          params: rows(identity),
          observe: id === 'subscribe' ? '0' : '1',
          tokenMode: 'text',
          token: PRESET_OBSERVE_TOKEN,
        },
        notice,
      };
  }
}
