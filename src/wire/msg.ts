/**
 * Words for a person, said below the page (a datagram's meaning, a gateway's refusal, a channel's
 * story) as a catalogue message id and its parameters. The page renders it in its language
 * (src/ui/i18n); the journal, a shared scenario and an exported capture carry only the id, so
 * they are the same in every language.
 */
export interface Msg {
  /** `namespace:key` of the message in the page's catalogues, e.g. `meaning:req.connect-as`. */
  readonly id: string;
  readonly params?: Readonly<Record<string, MsgParam>>;
}

/**
 * A parameter: wire data and names as they are (a topic, a clientid, a code), a number the page
 * formats for its locale, or another message rendered first in the same language.
 */
export type MsgParam = string | number | Msg;

export function msg(id: string, params?: Record<string, MsgParam | undefined>): Msg {
  if (!params) return { id };
  const kept: Record<string, MsgParam> = {};
  for (const [k, v] of Object.entries(params)) if (v !== undefined) kept[k] = v;
  return { id, params: kept };
}

export const isMsg = (v: unknown): v is Msg =>
  typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'string';
