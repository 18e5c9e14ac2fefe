import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { packetIndex } from '../packets-store';
import { PacketView, type PacketFilter } from './filters';

/** The log's rows for one journal version and filter. */
export interface LogRows {
  /** The filtered view of the page's packet index: rows by position, oldest first. */
  view: PacketView;
  count: number;
  /** Rows that left the front of the view in this refresh: the rows after them moved up. */
  dropped: number;
  /** The journal version this refresh read. */
  version: number;
  /** The page's language this refresh read the meanings in. */
  language: string;
}

/**
 * The rows the filter keeps, refreshed once per journal version or filter change. The view is an
 * incremental cache over the page's packet index, which is fed before React renders
 * (packets-store.ts): refreshing it memoizes the index for these inputs. Each snapshot carries
 * its own `dropped`, so the grid anchors the scroll position once per refresh.
 */
export function useLogRows(version: number, filter: PacketFilter): LogRows {
  const [view] = useState(() => new PacketView());
  // The search reads the meanings in the page's language: a switch filters the rows again.
  const language = useTranslation().i18n.language;
  return useMemo(() => {
    view.refresh(packetIndex, filter);
    return { view, count: view.length, dropped: view.dropped, version, language };
  }, [view, version, filter, language]);
}
