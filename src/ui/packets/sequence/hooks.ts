import { useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { ROW } from './geometry';

/**
 * Keeps a scroller at its bottom when `content` changes, while the reader leaves it there: the
 * newest arrows stay in view, and a reader who scrolled up more than a row keeps their place.
 */
export function useFollowBottom(content: unknown): {
  ref: RefObject<HTMLDivElement | null>;
  onScroll: () => void;
} {
  const ref = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && following.current) el.scrollTop = el.scrollHeight;
  }, [content]);
  const onScroll = () => {
    const el = ref.current;
    if (el) following.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW;
  };
  return { ref, onScroll };
}

/** The width of an element, kept up to date by a ResizeObserver. */
export function useWidth(): [ref: RefObject<HTMLDivElement | null>, width: number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/**
 * Scrolls a sideways scroller to show the span [left, right] (its left end first, if both do not
 * fit) whenever the span moves: the diagram keeps the gateway's lane and those right of it in
 * view, where many client lanes (each run of a real coap-client is a new peer) once pushed it
 * off screen. A reader's own scroll stands until the lanes or the width change.
 */
export function useKeepInView(
  ref: RefObject<HTMLDivElement | null>,
  left: number,
  right: number,
): void {
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || el.clientWidth === 0) return;
    if (left >= el.scrollLeft && right <= el.scrollLeft + el.clientWidth) return;
    el.scrollLeft = Math.max(0, Math.min(left, right - el.clientWidth));
  }, [ref, left, right]);
}
