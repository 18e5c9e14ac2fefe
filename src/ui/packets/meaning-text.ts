import type { Msg } from '../../wire/msg';
import { i18n } from '../i18n/i18n';
import { renderMsg } from '../i18n/msg';
import { rowMeaning, type PacketRow } from './packet-index';

interface Said {
  lng: string;
  outcome: Msg | undefined;
  text: string;
}

/** Per row, its meaning as last rendered: the log's search reads every row's, 100,000 of them. */
const said = new WeakMap<PacketRow, Said>();

/**
 * A row's meaning in the page's language (a request with its outcome once its reply came):
 * rendered once per row, language and outcome, then read from the cache.
 */
export function meaningText(row: PacketRow): string {
  const lng = i18n.language;
  const known = said.get(row);
  if (known !== undefined && known.lng === lng && known.outcome === row.outcome) return known.text;
  const text = renderMsg(rowMeaning(row));
  said.set(row, { lng, outcome: row.outcome, text });
  return text;
}
