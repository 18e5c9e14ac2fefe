// A simulated client as a CoAP server: how it answers the requests the gateway sends down to it
// (the management API's POST …/clients/:clientid/request). The request carries no Uri-Path, so
// what it answers is the device's own behaviour, chosen per client.
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';
import type { CoapMessage } from '../coap';
import {
  OPT,
  decodeBlock,
  encodeBlock,
  encodeString,
  getOption,
  parseCode,
  sizeToSzx,
} from '../coap';

/** How a simulated client answers a request from the gateway. */
export type DeviceBehaviour =
  /** A piggy-backed 2.05 with the request's payload (the reference tests' echo device). */
  | { kind: 'echo' }
  /** A piggy-backed answer with this code (`2.05`, `4.04`…) and body. */
  | { kind: 'fixed'; code: string; body: string }
  /** A 2.05 body of `size` bytes, served block by block (Block2) in blocks of `blockSize`. */
  | { kind: 'large'; size: number; blockSize: number }
  /** An empty ACK at once, then the echo as a separate CON response after `delay` ms. */
  | { kind: 'separate'; delay: number }
  /** No answer at all, not even an ACK (the API answers 504 CLIENT_NOT_RESPONSE). */
  | { kind: 'silent' };

export const DEFAULT_BEHAVIOUR: DeviceBehaviour = { kind: 'echo' };

/** Bounds of the editable settings. */
export const DEVICE_LIMITS = { maxBody: 65_536, maxDelay: 60_000, maxFixedBody: 1024 } as const;

/** A behaviour within bounds, or why not. */
export function checkBehaviour(
  b: DeviceBehaviour,
): { ok: true; behaviour: DeviceBehaviour } | { ok: false; error: Msg } {
  switch (b.kind) {
    case 'echo':
    case 'silent':
      return { ok: true, behaviour: { kind: b.kind } };
    case 'fixed': {
      const code = parseCode(b.code);
      if (code === undefined || code < 0x40)
        return { ok: false, error: msg('notices:device.not-a-code', { code: b.code }) };
      if (b.body.length > DEVICE_LIMITS.maxFixedBody)
        return {
          ok: false,
          error: msg('notices:device.body-chars', { max: String(DEVICE_LIMITS.maxFixedBody) }),
        };
      return { ok: true, behaviour: { kind: 'fixed', code: b.code, body: b.body } };
    }
    case 'large':
      if (!Number.isInteger(b.size) || b.size < 1 || b.size > DEVICE_LIMITS.maxBody)
        return {
          ok: false,
          error: msg('notices:device.body-size', { max: String(DEVICE_LIMITS.maxBody) }),
        };
      if (sizeToSzx(b.blockSize) === undefined)
        return { ok: false, error: msg('notices:device.block-size') };
      return { ok: true, behaviour: { kind: 'large', size: b.size, blockSize: b.blockSize } };
    case 'separate':
      if (!Number.isFinite(b.delay) || b.delay < 0 || b.delay > DEVICE_LIMITS.maxDelay)
        return {
          ok: false,
          error: msg('notices:device.delay', { max: String(DEVICE_LIMITS.maxDelay) }),
        };
      return { ok: true, behaviour: { kind: 'separate', delay: Math.round(b.delay) } };
  }
}

/** The large body: printable, so its blocks read well in the packet views. */
export function largeBody(size: number): Uint8Array {
  const out = new Uint8Array(size);
  const text = 'The quick brown fox jumps over the lazy device. ';
  for (let i = 0; i < size; i++) out[i] = text.charCodeAt(i % text.length);
  return out;
}

/** What the device does with a request: answers now, and maybe a separate response later. */
export interface Served {
  /** The piggy-backed answer or empty ACK; none when silent. */
  reply?: CoapMessage;
  /** A separate response to send (CON, a new Message ID) after `delay` ms. */
  later?: { delay: number; response: Omit<CoapMessage, 'messageId'> };
}

const contentFormatOf = (req: CoapMessage) =>
  req.options.filter((o) => o.number === OPT.ContentFormat);

/** Answers `req` (a request from the gateway) as `b` says. */
export function serve(b: DeviceBehaviour, req: CoapMessage): Served {
  const ack = (code: number, options: CoapMessage['options'], payload: Uint8Array): Served => ({
    reply: {
      type: req.type === 'CON' ? 'ACK' : 'NON',
      code,
      messageId: req.messageId,
      token: req.token,
      options,
      payload,
    },
  });
  switch (b.kind) {
    case 'silent':
      return {};
    case 'echo':
      return ack(0x45, contentFormatOf(req), req.payload);
    case 'fixed':
      return ack(parseCode(b.code) ?? 0x45, [], encodeString(b.body));
    case 'large': {
      // The block the request asks for (Block2 num and a size no larger than ours), else block 0.
      const asked = getOption(req, OPT.Block2);
      const want = asked ? decodeBlock(asked.value) : undefined;
      const szx = Math.min(sizeToSzx(b.blockSize) ?? 6, want && want.szx < 7 ? want.szx : 6);
      const size = 1 << (szx + 4);
      const num = want ? want.num : 0;
      const body = largeBody(b.size);
      const start = num * size;
      if (start >= body.length && num > 0) return ack(0x80, [], encodeString('no such block'));
      const more = start + size < body.length;
      return ack(
        0x45,
        [{ number: OPT.Block2, value: encodeBlock({ num, more, szx }) }],
        body.subarray(start, Math.min(body.length, start + size)),
      );
    }
    case 'separate':
      return {
        reply: {
          type: 'ACK',
          code: 0,
          messageId: req.messageId,
          token: new Uint8Array(0),
          options: [],
          payload: new Uint8Array(0),
        },
        later: {
          delay: b.delay,
          response: {
            type: 'CON',
            code: 0x45,
            token: req.token,
            options: contentFormatOf(req),
            payload: req.payload,
          },
        },
      };
  }
}
