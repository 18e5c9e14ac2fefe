// Notifications to a channel's observers (gateway-behaviour §1.10): CON or NON by the
// configuration, one CON in flight per session with later ones queued (at most 100, the oldest
// dropped), a large one sent block by block and held back while an earlier transfer to the same
// token is still being fetched.
import type { CoapMessage } from '../coap';
import { toHex } from '../coap';
import type { MqttMessage } from '../broker';
import type { Outgoing } from '../messaging';
import type { Blockwise } from './blockwise';
import type { Channel, Observation } from './channel';
import type { GatewayConfig } from './config';
import type { GatewayEvent } from './events';
import { endpointKey } from './events';
import { say, type Msg } from './words';
import { observeOption } from './requests';

/** Observe notification queue length (gateway-behaviour §1.10, ?OBSERVE_NOTIFICATION_QUEUE_MAX_LEN). */
export const NOTIFICATION_QUEUE_MAX = 100;

/** What the notifier uses of the gateway. */
export interface NotifierPort {
  config(): GatewayConfig;
  blockwise: Blockwise;
  /** Blockwise transfers are on (configured, and the 6.x profile). */
  blockwiseOn(): boolean;
  emit(e: GatewayEvent): void;
  send(ch: Channel, message: CoapMessage): void;
}

export class Notifier {
  constructor(private readonly port: NotifierPort) {}

  /** gateway-behaviour §1.10: one CON in flight per session; later notifications wait in a FIFO of 100 (oldest dropped). */
  notify(ch: Channel, obs: Observation, message: MqttMessage, now: number): void {
    if (
      this.port.config().profile === '6.x' &&
      (ch.inflight !== undefined || this.heldBack(ch, obs, message))
    ) {
      ch.queue.push({ filter: obs.filter, message, queuedAt: now });
      if (ch.queue.length > NOTIFICATION_QUEUE_MAX) {
        const dropped = ch.queue.shift();
        ch.dropped++;
        this.port.emit({
          kind: 'notification-dropped',
          channel: ch.id,
          topic: dropped?.filter ?? obs.filter,
          reason: 'queue-full',
        });
      }
      this.port.emit({
        kind: 'notification-queued',
        channel: ch.id,
        topic: obs.filter,
        depth: ch.queue.length,
      });
      return;
    }
    this.sendNotification(ch, obs, message, now);
  }

  /**
   * A large notification waits while an earlier one for the same token is still being fetched
   * block by block; small ones do not (should_defer_observe_blockwise/4).
   */
  private heldBack(ch: Channel, obs: Observation, message: MqttMessage): boolean {
    return (
      this.port.blockwiseOn() &&
      message.payload.length > this.port.config().blockwise.max_block_size &&
      this.port.blockwise.busy(endpointKey(ch.peer), obs.token)
    );
  }

  private sendNotification(ch: Channel, obs: Observation, message: MqttMessage, now: number): void {
    const config = this.port.config();
    const { notify_type, profile } = config;
    let type: 'CON' | 'NON';
    let why: Msg;
    if (profile === '5.x') {
      type = 'NON';
      why = say('notify.legacy-non');
    } else if (notify_type === 'qos') {
      type = message.qos === 0 ? 'NON' : 'CON';
      why = say('notify.qos', { qos: String(message.qos), type, subQos: String(obs.qos) });
    } else {
      type = notify_type === 'con' ? 'CON' : 'NON';
      why = say('notify.forced', { notifyType: notify_type, type });
    }
    const seq = ch.nextSeq(obs, now, profile);
    obs.notifications++;
    let options = [observeOption(seq)];
    let payload = message.payload;
    const big =
      config.blockwise.enable &&
      profile === '6.x' &&
      payload.length > config.blockwise.max_block_size;
    if (big) {
      const first = this.port.blockwise.startBlock2(
        config,
        ch,
        obs.token,
        0x45,
        options,
        payload,
        undefined,
        now,
      );
      options = first.options;
      payload = first.payload;
    }
    const n: CoapMessage = {
      type,
      code: 0x45,
      messageId: ch.layer.nextMessageId(),
      token: obs.token,
      options,
      payload,
    };
    if (type === 'CON') {
      ch.layer.track(n, now, obs.filter);
      ch.inflight = n.messageId;
    }
    ch.sent++;
    this.port.emit({
      kind: 'notification',
      channel: ch.id,
      topic: obs.filter,
      type,
      why,
      messageId: n.messageId,
      seq,
      token: toHex(obs.token),
    });
    this.port.send(ch, n);
  }

  /**
   * A CON notification ended: the window frees, an RST or give-up also ends its Block2 transfer
   * (clear_observe_blockwise/2), and queued notifications go out (gateway-behaviour §1.10).
   */
  finished(ch: Channel, ex: Outgoing, now: number, how: 'ack' | 'reset' | 'give-up'): void {
    if (ch.inflight === ex.messageId) ch.inflight = undefined;
    const obs = typeof ex.tag === 'string' ? ch.observes.get(ex.tag) : undefined;
    if (how !== 'ack' && obs) this.port.blockwise.forget(endpointKey(ch.peer), obs.token);
    this.drain(ch, now);
  }

  /** Releases queued notifications after an ACK, RST or give-up (gateway-behaviour §1.10). */
  drain(ch: Channel, now: number): void {
    while (ch.inflight === undefined && ch.queue.length > 0 && ch.connState !== 'closed') {
      const next = ch.queue[0];
      const obs = ch.observes.get(next.filter);
      if (obs && this.heldBack(ch, obs, next.message)) return;
      ch.queue.shift();
      if (obs) this.sendNotification(ch, obs, next.message, now);
    }
  }
}
