import type { KeyboardEvent, RefObject } from 'react';
import type { PacketRow } from '../packet-index';
import type { PacketView } from './filters';
import type { LogScroller } from './scroller';

interface Input {
  scroller: LogScroller;
  scrollRef: RefObject<HTMLDivElement | null>;
  view: PacketView;
  count: number;
  selectedIndex: number;
  /** Whether a packet is selected, even one the filters hide (Enter still opens it). */
  selected: boolean;
  select: (row: PacketRow) => void;
  setFollow: (on: boolean) => void;
  reveal: (index: number) => void;
  /** Enter: show the selected packet's detail. */
  onOpen: () => void;
}

/**
 * The packet grid's keys (the WAI-ARIA grid pattern, rows only): the arrows, Page Up/Down, Home
 * and End move the selection and bring it into view; Enter and Space open the selected packet.
 * Selecting the newest row follows the newest again; any other row stops following.
 */
export function usePacketLogKeys({
  scroller,
  scrollRef,
  view,
  count,
  selectedIndex,
  selected,
  select,
  setFollow,
  reveal,
  onOpen,
}: Input): (e: KeyboardEvent<HTMLDivElement>) => void {
  const moveTo = (i: number) => {
    const row = view.at(Math.max(0, Math.min(count - 1, i)));
    if (!row) return;
    const index = view.indexOf(row);
    select(row);
    setFollow(index === count - 1);
    reveal(index);
  };
  return (e) => {
    const el = scrollRef.current;
    if (!el) return;
    const move = scroller.keyMove(e.key, {
      selectedIndex,
      selected,
      scrollTop: () => el.scrollTop,
      height: () => scroller.height(() => el.clientHeight),
    });
    if (move === undefined) return;
    if (move === 'open') onOpen();
    else moveTo(move.move);
    e.preventDefault();
  };
}
