import { Fragment, type ReactElement, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction, i18n as I18n } from 'i18next';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { isMsg, type Msg } from '../../wire/msg';
import { renderMsg } from './msg';

// Private-use characters no catalogue message or wire datum is expected to hold: they mark where a
// parameter's node goes in the rendered sentence.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = /\uE000(\d+)\uE001/;
const AS_WORDED = 'notices:as-worded';

/** Wire data and settings as written (`<c>heartbeat</c>`): shown as is, left alone by translators. */
export const DATA_TAGS = {
  c: <code translate="no" className="font-mono [overflow-wrap:anywhere]" />,
};

/**
 * The arguments of an ICU message that are printed as they are (not a select's or a plural's
 * selector, which must see the value itself), inside select and plural branches too.
 */
export function printedArgs(message: string): Set<string> {
  const found = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument) found.add(el.value);
      else if (el.type === TYPE.plural || el.type === TYPE.select)
        for (const o of Object.values(el.options)) walk(o.value);
      else if (el.type === TYPE.tag) walk(el.children);
    }
  };
  try {
    walk(parse(message));
  } catch {
    // A message that does not parse prints its parameters as text (the catalogue test fails it).
  }
  return found;
}

function rawMessage(i18n: I18n, id: string): string {
  const i = id.indexOf(':');
  const [ns, key] = i < 0 ? ['common', id] : [id.slice(0, i), id.slice(i + 1)];
  const found = i18n.getResource(i18n.language, ns, key) ?? i18n.getResource('en', ns, key);
  return typeof found === 'string' ? found : '';
}

/**
 * A message said below the page as React nodes: the sentence in the page's language, each string
 * parameter (a clientid, a topic, a datagram's line: wire data, identifiers) in a `translate="no"`
 * span, each message parameter rendered the same way, numbers formatted by the catalogue.
 */
export function msgNodes(m: Msg | string | undefined, t: TFunction, i18n: I18n): ReactNode {
  if (m === undefined) return null;
  if (typeof m === 'string') return m;
  // Words a lower layer said in English (not wire data): as they are, where a scan still sees them.
  if (m.id === AS_WORDED) return <span data-said="as-worded">{renderMsg(m, t)}</span>;
  if (!m.params) return t(m.id);
  const printed = printedArgs(rawMessage(i18n, m.id));
  const values: Record<string, string | number> = {};
  const nodes: ReactNode[] = [];
  for (const [k, v] of Object.entries(m.params)) {
    if (typeof v === 'number') values[k] = v;
    else if (!printed.has(k)) values[k] = isMsg(v) ? renderMsg(v, t) : v;
    else {
      values[k] = `${OPEN}${nodes.length}${CLOSE}`;
      nodes.push(isMsg(v) ? msgNodes(v, t, i18n) : <span translate="no">{v}</span>);
    }
  }
  const parts = t(m.id, values).split(MARK);
  // split with a capture group: text, index, text, index, …, text.
  return parts.map((p, i) => (i % 2 === 0 ? p : <Fragment key={i}>{nodes[Number(p)]}</Fragment>));
}

/**
 * A message in the page's language; renders again when the language changes. With `components`,
 * a message with markup (`<c>…</c>` around wire data, DATA_TAGS by default): its parameters said
 * as text, the tags made elements.
 */
export function MsgText({
  m,
  components,
}: {
  m: Msg | string | undefined;
  components?: Readonly<Record<string, ReactElement>>;
}) {
  const { t, i18n } = useTranslation();
  if (!components || m === undefined || typeof m === 'string') return <>{msgNodes(m, t, i18n)}</>;
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params ?? {})) values[k] = isMsg(v) ? renderMsg(v, t) : v;
  return <Trans t={t} i18nKey={m.id} values={values} components={components} />;
}
