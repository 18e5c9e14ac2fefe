// Errors worded for a person below the page: a message (src/wire/msg.ts) the page says in its
// language, never an English sentence the worker made.
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';

/** A thrown error that carries its message; its `message` is the message's id (for logs). */
export class SaidError extends Error {
  constructor(readonly said: Msg) {
    super(said.id);
  }
}

/**
 * A lower layer's reason as it words it (the CoAP codec's, the broker's topic checks): shown as it
 * is, in English, until that layer speaks in messages too.
 */
export const asWorded = (text: string): Msg => msg('notices:as-worded', { text });

/** A lower layer's text that may already be a message (the gateway's event texts). */
export const worded = (x: string | Msg): Msg => (typeof x === 'string' ? asWorded(x) : x);

/** What was thrown, as a message. */
export const saidOf = (e: unknown): Msg =>
  e instanceof SaidError ? e.said : asWorded(e instanceof Error ? e.message : String(e));
