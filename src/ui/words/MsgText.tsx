import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction, i18n as I18n } from 'i18next';
import { isMsg, type Msg } from '../../wire/msg';
import { renderMsg } from '../i18n/msg';

// Private-use characters no catalogue message or wire datum is expected to hold: they mark where a
// parameter's node goes in the rendered sentence.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARK = /\uE000(\d+)\uE001/;
const AS_WORDED = 'notices:as-worded';

/**
 * The `{name}` arguments of an ICU message that are printed as they are (not a select's or a
 * plural's selector, which must see the value itself), inside select and plural branches too.
 */
export function printedArgs(message: string): Set<string> {
  const found = new Set<string>();
  let i = 0;
  // The body of a message or of a branch, up to its closing brace (or the end).
  const body = (): void => {
    while (i < message.length && message[i] !== '}') {
      if (message[i] === '{') argument();
      else i++;
    }
  };
  const argument = (): void => {
    i++; // {
    const head = /^\s*(\w+)\s*(,\s*(\w+)\s*)?/.exec(message.slice(i));
    if (!head) return;
    i += head[0].length;
    if (!head[2] && message[i] === '}') {
      found.add(head[1]);
      i++;
      return;
    }
    if (head[3] === 'plural' || head[3] === 'select' || head[3] === 'selectordinal') {
      i++; // ,
      // Branches: `key {body}` until the argument's closing brace.
      while (i < message.length && message[i] !== '}') {
        if (message[i] === '{') {
          i++;
          body();
        }
        i++;
      }
      i++;
      return;
    }
    // number, date, time: a style up to the closing brace.
    while (i < message.length && message[i] !== '}') i++;
    i++;
  };
  body();
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

/** `msgNodes` as a component: renders again when the language changes. */
export function MsgText({ m }: { m: Msg | string | undefined }) {
  const { t, i18n } = useTranslation();
  return <>{msgNodes(m, t, i18n)}</>;
}
