import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { usePlayground } from '../../state/store';
import { PacketDetail } from '../detail/PacketDetail';
import { meaningText } from '../meaning-text';
import type { PacketRow } from '../packet-index';
import { packetIndex, useJournalVersion } from '../packets-store';
import { usePacketFilter } from './filters';
import { PacketFilters } from './PacketFilters';
import { PacketGrid } from './PacketGrid';
import { useLogRows } from './useLogRows';

/**
 * Every datagram in and out of the gateway, newest last: a virtualized grid (its cost per frame
 * does not grow with the rows), filters, keyboard selection, and the selected packet's detail
 * below. Scrolling re-renders only the grid (`PacketGrid`); the filters and the detail pane are
 * memoized.
 */
export function PacketLog() {
  const version = useJournalVersion();
  // The selected row's meaning is rendered in the page's language: a switch renders it again.
  useTranslation();
  const filter = usePacketFilter((s) => s.filter);
  const selectedSeq = usePlayground((s) => s.selectedPacket);
  const selectPacket = usePlayground((s) => s.selectPacket);
  const detailRef = useRef<HTMLElement>(null);
  const rows = useLogRows(version, filter);
  const total = packetIndex.rows.length;
  const selectedRow = selectedSeq !== undefined ? packetIndex.bySeq(selectedSeq) : undefined;

  const select = useCallback((row: PacketRow) => selectPacket(row.entry.seq), [selectPacket]);
  const openDetail = useCallback(() => {
    detailRef.current?.focus();
    detailRef.current?.scrollIntoView({ block: 'nearest' });
  }, []);

  return (
    <div className="space-y-3">
      <PacketFilters shown={rows.count} total={total} />
      {/* Mounted while the log is still empty: the first datagram then adds rows to a laid-out
          grid, rather than mount it in the task that renders that datagram everywhere. */}
      <PacketGrid
        rows={rows}
        empty={total === 0}
        filterKey={JSON.stringify(filter)}
        selectedRow={selectedRow}
        onSelect={select}
        onOpen={openDetail}
      />
      <PacketDetail
        row={selectedRow}
        meaning={selectedRow ? meaningText(selectedRow) : undefined}
        ref={detailRef}
        onSelect={select}
      />
    </div>
  );
}
