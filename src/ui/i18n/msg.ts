import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isMsg, type Msg, type MsgParam } from '../../wire/msg';
import { i18n } from './i18n';

/**
 * A message said below the page, in the page's language: its parameters that are messages first,
 * then the message with them. Identifiers (a Message ID, a port, a packet number) come as strings
 * and stay as they are; numbers are quantities the catalogue formats (plurals, digits).
 */
export function renderMsg(m: Msg | string | undefined, t: TFunction = i18n.t): string {
  if (m === undefined) return '';
  if (typeof m === 'string') return m;
  if (!m.params) return t(m.id);
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params)) values[k] = param(v, t);
  return t(m.id, values);
}

const param = (v: MsgParam, t: TFunction): string | number => (isMsg(v) ? renderMsg(v, t) : v);

/** `renderMsg` for a component: renders again when the language changes. */
export function useMsg(): (m: Msg | string | undefined) => string {
  const { t } = useTranslation();
  return (m) => renderMsg(m, t);
}
