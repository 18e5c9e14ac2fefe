import { useEffect, useLayoutEffect, useRef } from 'react';
import type { RefObject } from 'react';
import type { PacketRow } from '../packet-index';
import { drawLightRows, type LightRowSource } from './light-rows';
import { ROW_CLASS, ROW_STATE } from './row-styles';
import { HEADER_H, ROW_H } from './scroller';

interface LightCanvasProps {
  rows: LightRowSource;
  count: number;
  /** The canvas's size in CSS px: the grid's width, the viewport under the header. */
  width: number;
  height: number;
  /** The grid's scroll position, read when drawing (never during render). */
  scrollTop: () => number;
  /** Set to this canvas's paint while it shows: the grid calls it at each scroll event. */
  paintRef: RefObject<(() => void) | undefined>;
  selectedIndex: number;
  onSelect: (row: PacketRow) => void;
}

/**
 * The light form of the rows under a fling: the rows on screen drawn as plain text, two lines a
 * row, on a canvas that stays under the header (sticky) while the grid scrolls, drawn again at
 * each scroll event. Hidden from assistive technology: it lasts only while the rows go by too
 * fast to read, and the rows it stops on are drawn in full.
 *
 * A canvas, not elements: it is drawn in one step, and nothing else on the page is styled, laid
 * out or painted again, where a new element of text every few frames was.
 */
export function LightCanvas({
  rows,
  count,
  width,
  height,
  scrollTop,
  paintRef,
  selectedIndex,
  onSelect,
}: LightCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textStyle = useRef<{ font: string; color: string }>(undefined);
  const paint = () => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    const w = Math.round(width * ratio);
    const h = Math.round(height * ratio);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    // The font and colour the canvas's classes give it (light or dark theme), read once a fling.
    if (!textStyle.current) {
      const style = getComputedStyle(canvas);
      textStyle.current = { font: `${style.fontSize} ${style.fontFamily}`, color: style.color };
    }
    ctx.font = textStyle.current.font;
    ctx.fillStyle = textStyle.current.color;
    ctx.textBaseline = 'middle';
    drawLightRows(ctx, rows, count, scrollTop(), height, ROW_H);
  };
  useLayoutEffect(() => {
    paintRef.current = paint;
    paint();
  });
  useEffect(
    () => () => {
      paintRef.current = undefined;
    },
    [paintRef],
  );
  return (
    <>
      {selectedIndex >= 0 && selectedIndex < count && (
        <div
          aria-hidden="true"
          className={`${ROW_CLASS} ${ROW_STATE.selected}`}
          style={{ height: ROW_H, transform: `translateY(${selectedIndex * ROW_H}px)` }}
        />
      )}
      {/* A click selects the row under the pointer, as a click on a full row does; the keyboard
          selects through the grid itself (its arrow keys), so the canvas takes no focus. */}
      <canvas
        ref={canvasRef}
        aria-hidden="true"
        data-light-rows=""
        onClick={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          const y = e.clientY - box.top + scrollTop();
          const row = rows.at(Math.floor(y / ROW_H));
          if (row) onSelect(row);
        }}
        className="sticky block cursor-default font-mono text-xs text-slate-700 dark:text-slate-300"
        style={{ top: HEADER_H, width, height }}
      />
    </>
  );
}
