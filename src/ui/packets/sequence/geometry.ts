/** Lane widths: they share the panel's width, within these bounds (then it scrolls sideways). */
export const LANE_MIN = 104;
export const LANE_MAX = 190;
/** The time column left of the lanes. */
export const GUTTER = 76;
/** Room kept for the body's vertical scrollbar. */
const SCROLLBAR = 16;
/** One arrow's row, and the space above the first. */
export const ROW = 30;
export const TOP = 14;

/** Where the diagram's lanes and arrows go, for `lanes` lanes in a panel `width` px wide. */
export interface DiagramGeometry {
  laneWidth: number;
  /** The whole diagram's width: the gutter and every lane. */
  width: number;
  /** The centre of lane `i`, where its lifeline runs. */
  laneX(i: number): number;
  /** The vertical middle of arrow row `i`. */
  rowY(i: number): number;
}

export function diagramGeometry(width: number, lanes: number): DiagramGeometry {
  const laneWidth = Math.max(
    LANE_MIN,
    Math.min(LANE_MAX, Math.floor((width - GUTTER - SCROLLBAR) / Math.max(1, lanes))),
  );
  return {
    laneWidth,
    width: GUTTER + lanes * laneWidth,
    laneX: (i) => GUTTER + i * laneWidth + laneWidth / 2,
    rowY: (i) => TOP + i * ROW + ROW / 2,
  };
}

/** The SVG's height for `arrows` rows. */
export const diagramHeight = (arrows: number): number => TOP + arrows * ROW + 8;

/** Fits a label to `px` pixels of 11-px text (about 6.2 px a character), with an ellipsis. */
export function fit(text: string, px: number): string {
  const max = Math.max(4, Math.floor(px / 6.2));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
