// For tests: a worker's or the world's answer with every message in it said in the page's current
// language (English under Vitest), so a test compares the sentences a reader sees.
import { isMsg } from '../../../wire/msg';
import { renderMsg } from '../msg';

export function rendered(v: unknown): unknown {
  if (isMsg(v)) return renderMsg(v);
  if (Array.isArray(v)) return v.map(rendered);
  if (v && typeof v === 'object' && !(v instanceof Uint8Array))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rendered(x)]));
  return v;
}

/** One message (or none) as its sentence. */
export const said = (v: unknown): string => String(rendered(v) ?? '');
