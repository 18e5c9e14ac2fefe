import type { GatewayEvent } from '../../../gateway';
import { endpointKey } from '../../../wire/endpoint';
import { formatDuration } from '../../layout/format';
import { renderMsg } from '../../i18n/msg';

/**
 * A gateway event as one catalogue sentence for the detail pane ("What the gateway did"): its
 * message id and parameters. The messages wrap wire data (topics, clientids, tokens, addresses) in
 * `<w>` and the gateway's own words (its explanation, why, detail) in `<g>`; the pane renders them
 * with `<Trans>`. Identifiers are strings, counts numbers; a select's branch is `yes` or other.
 */
export interface EventSentence {
  key: string;
  values: Record<string, string | number>;
}

const yes = (b: unknown): string => (b ? 'yes' : 'no');

export function explainEvent(e: GatewayEvent): EventSentence {
  const s = (key: string, values: Record<string, string | number> = {}): EventSentence => ({
    key: `packets:event.${key}`,
    values,
  });
  switch (e.kind) {
    case 'channel-opened':
      return s('channel-opened', {
        channel: e.channel,
        peer: endpointKey(e.peer),
        mode: e.mode,
        hasClient: yes(e.clientId),
        clientId: e.clientId,
      });
    case 'channel-closed':
      return s('channel-closed', {
        channel: e.channel,
        reason: e.reason,
        detail: renderMsg(e.detail),
        hasSubscriptions: yes(e.subscriptions.length),
        subscriptions: e.subscriptions.join(', '),
      });
    case 'connected':
      return s('connected', {
        clientId: e.clientId,
        hasUser: yes(e.username),
        username: e.username ?? '',
        token: e.token,
        hasDiscarded: yes(e.discarded),
        discarded: e.discarded ?? '',
      });
    case 'login-failed':
      return s('login-failed', { reason: e.reason });
    case 'takeover':
      return s('takeover', { clientId: e.clientId, from: e.from });
    case 'peer-bound':
      return s('peer-bound', { peer: endpointKey(e.peer), clientId: e.clientId });
    case 'peer-moved':
      return s('peer-moved', {
        channel: e.channel,
        to: endpointKey(e.to),
        from: endpointKey(e.from),
      });
    case 'keepalive-reset':
      return s('keepalive-reset', { cause: e.cause });
    case 'keepalive-idle':
      return s('keepalive-idle', {
        idle: formatDuration(e.idle),
        maxIdle: formatDuration(e.maxIdle),
      });
    case 'request':
      return s('request', { summary: e.summary, explanation: renderMsg(e.explanation) });
    case 'published':
      return s('published', {
        topic: e.topic,
        qos: String(e.qos),
        qosFrom: renderMsg(e.qosFrom),
        retain: yes(e.retain),
        hasExpiry: yes(e.expiry),
        expiry: String(e.expiry ?? ''),
        remote: yes(e.remote),
        deliveries: e.deliveries,
      });
    case 'observe-added':
      return s('observe-added', { topic: e.topic, token: e.token, qos: String(e.qos) });
    case 'observe-kept':
      return s('observe-kept', { topic: e.topic, token: e.token, newToken: e.newToken });
    case 'observe-cancelled':
      return e.existed
        ? s('observe-cancelled', { topic: e.topic, purged: e.purged })
        : s('observe-none', { topic: e.topic });
    case 'notification':
      return s('notification', {
        messageId: String(e.messageId),
        topic: e.topic,
        why: renderMsg(e.why),
      });
    case 'notification-queued':
      return s('notification-queued', { topic: e.topic, depth: e.depth });
    case 'notification-dropped':
      return s(
        e.reason === 'queue-full' ? 'notification-dropped-full' : 'notification-dropped-none',
        { topic: e.topic },
      );
    case 'retransmission':
      return s('retransmission', {
        attempt: String(e.attempt),
        messageId: String(e.messageId),
        nextIn: formatDuration(e.nextIn),
      });
    case 'acked':
      return s('acked', {
        messageId: String(e.messageId),
        roundTrip: formatDuration(e.roundTrip),
      });
    case 'reset':
      return s('reset', { messageId: String(e.messageId), kept: yes(e.kept) });
    case 'gave-up':
      return s('gave-up', { messageId: String(e.messageId), transmissions: e.transmissions });
    case 'duplicate':
      return s('duplicate', { messageId: String(e.messageId), replayed: yes(e.replayed) });
    case 'frame-error':
      return s('frame-error', {
        peer: endpointKey(e.peer),
        reason: renderMsg(e.reason),
        offset: String(e.offset),
        action: e.action,
      });
    case 'ignored':
      return s('ignored', { why: renderMsg(e.why) });
    case 'sys-event':
      return s(e.published ? 'sys-event' : 'sys-event-dropped', {
        event: e.event,
        clientId: e.clientId,
        topic: e.topic,
        deliveries: e.deliveries,
      });
    case 'block':
      return s('block', {
        option: e.direction === 'block1' ? 'Block1' : 'Block2',
        num: String(e.num),
        size: String(e.size),
        more: yes(e.more),
        hasTotal: yes(e.total !== undefined),
        total: String(e.total ?? ''),
      });
    default:
      // An event kind newer than this page: say what it is rather than nothing.
      return s('other', { kind: (e as { kind: string }).kind });
  }
}
