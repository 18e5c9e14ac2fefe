import type { ReactElement } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { isMsg, type Msg } from '../../wire/msg';
import { renderMsg } from '../i18n/msg';

/** Wire data and settings as written (`heartbeat = 20 s`): shown as is, left alone by translators. */
export const DATA_TAGS = {
  c: <code translate="no" className="font-mono [overflow-wrap:anywhere]" />,
};

/**
 * A message with markup (`<c>…</c>` around wire data) in the page's language. Its parameters that
 * are messages are said first, as text; the others are inserted as they are.
 */
export function MsgText({
  m,
  components,
}: {
  m: Msg;
  components?: Readonly<Record<string, ReactElement>>;
}) {
  const { t } = useTranslation();
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params ?? {})) values[k] = isMsg(v) ? renderMsg(v, t) : v;
  return (
    <Trans t={t} i18nKey={m.id} values={values} components={{ ...DATA_TAGS, ...components }} />
  );
}
