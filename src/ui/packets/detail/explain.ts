import type { GatewayEvent } from '../../../gateway';
import { endpointKey } from '../../../wire/endpoint';
import { formatDuration } from '../../layout/format';
import { renderMsg } from '../../i18n/msg';

/** A gateway event as one sentence for the detail pane ("What the gateway did"). */
export function explainEvent(e: GatewayEvent): string {
  switch (e.kind) {
    case 'channel-opened':
      return `Opened channel ${e.channel} for ${endpointKey(e.peer)} (${e.mode} mode${e.clientId ? `, clientid ${e.clientId}` : ''}).`;
    case 'channel-closed':
      return `Closed channel ${e.channel} (${e.reason}): ${renderMsg(e.detail)}${e.subscriptions.length ? `; subscriptions removed: ${e.subscriptions.join(', ')}` : ''}.`;
    case 'connected':
      return `Connected clientid ${e.clientId}${e.username ? ` (user ${e.username})` : ''} and issued token ${e.token}${e.discarded ? `; discarded the old session on ${e.discarded}` : ''}.`;
    case 'login-failed':
      return `Login failed: ${e.reason}; the channel shuts down.`;
    case 'takeover':
      return `Took over the session of clientid ${e.clientId} from channel ${e.from}.`;
    case 'peer-bound':
      return `Bound ${endpointKey(e.peer)} to clientid ${e.clientId}: later packets from it go to that client's channel.`;
    case 'peer-moved':
      return `Channel ${e.channel} now hears from ${endpointKey(e.to)} (was ${endpointKey(e.from)}): notifications go there.`;
    case 'keepalive-reset':
      return `Keep-alive reset by ${e.cause}.`;
    case 'keepalive-idle':
      return `Keep-alive: idle ${formatDuration(e.idle)} of ${formatDuration(e.maxIdle)}.`;
    case 'request':
      return `${e.summary}: ${renderMsg(e.explanation)}.`;
    case 'published':
      return `Published to ${e.topic} with QoS ${e.qos} (${renderMsg(e.qosFrom)})${e.retain ? ', retained' : ''}${e.expiry ? `, expiry ${e.expiry} s` : ''}: ${e.remote ? 'sent to the real MQTT broker, which delivers it' : `${e.deliveries} ${e.deliveries === 1 ? 'delivery' : 'deliveries'}`}.`;
    case 'observe-added':
      return `Observing ${e.topic} with token ${e.token} (subscription QoS ${e.qos}).`;
    case 'observe-kept':
      return `Already observing ${e.topic}: notifications keep the first token ${e.token}, not ${e.newToken}.`;
    case 'observe-cancelled':
      return e.existed
        ? `Cancelled the observation of ${e.topic}${e.purged ? ` and purged ${e.purged} queued notifications` : ''}.`
        : `No observation of ${e.topic} on this channel: nothing cancelled.`;
    case 'notification':
      return `Notification ${e.messageId} on ${e.topic}: ${renderMsg(e.why)}.`;
    case 'notification-queued':
      return `A CON notification is in flight: queued a notification on ${e.topic} (queue depth ${e.depth}).`;
    case 'notification-dropped':
      return e.reason === 'queue-full'
        ? `The queue was full: dropped the oldest notification on ${e.topic}.`
        : `No observer for ${e.topic}: notification dropped.`;
    case 'retransmission':
      return `Retransmission #${e.attempt} of message ${e.messageId}; the next in ${formatDuration(e.nextIn)}.`;
    case 'acked':
      return `Message ${e.messageId} acknowledged after ${formatDuration(e.roundTrip)}.`;
    case 'reset':
      return `Message ${e.messageId} was reset by the client; the observation is ${e.kept ? 'kept' : 'removed'}.`;
    case 'gave-up':
      return `Gave up on message ${e.messageId} after ${e.transmissions} transmissions.`;
    case 'duplicate':
      return `Duplicate of message ${e.messageId}: ${e.replayed ? 'replayed the cached reply' : 'ignored'}.`;
    case 'frame-error':
      return `Malformed datagram from ${endpointKey(e.peer)} (${renderMsg(e.reason)} at byte ${e.offset}): ${e.action === 'rst' ? 'answered with RST' : e.action}.`;
    case 'ignored':
      return `Ignored: ${renderMsg(e.why)}.`;
    case 'sys-event':
      return e.published
        ? `The broker published the ${e.event} event of clientid ${e.clientId} to ${e.topic}: ${e.deliveries} ${e.deliveries === 1 ? 'delivery' : 'deliveries'}.`
        : `The ${e.event} event of clientid ${e.clientId} (${e.topic}) was not published: a real broker drops a client's publish to $SYS; EMQX publishes it itself for the gateways it runs.`;
    case 'block':
      return `${e.direction === 'block1' ? 'Block1' : 'Block2'} block ${e.num} (${e.size}-byte blocks${e.more ? ', more follow' : ', last'}${e.total !== undefined ? `, ${e.total} bytes in all` : ''}).`;
    default:
      // An event kind newer than this page: say what it is rather than nothing.
      return `${(e as { kind: string }).kind}.`;
  }
}
