// The gateway's words for a person (an explanation, a reason, a detail) as catalogue messages in
// the page's `gateway` namespace: the journal keeps ids and parameters, the page renders them in
// its language. What the gateway sends on the wire (payload texts) stays bytes, never a message.
import { msg, type Msg, type MsgParam } from '../wire/msg';

export type { Msg };

/** `gateway:<key>` with its parameters (identifiers as strings, quantities as numbers). */
export const say = (key: string, params?: Record<string, MsgParam | undefined>): Msg =>
  msg(`gateway:${key}`, params);

/** A decode error's reason code (src/coap `DecodeErrorReason`) in words: `gateway:decode.<code>`. */
export const decodeReason = (reason: string): Msg => msg(`gateway:decode.${reason}`);
