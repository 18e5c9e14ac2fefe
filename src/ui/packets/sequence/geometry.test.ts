import { describe, expect, it } from 'vitest';
import {
  GUTTER,
  LANE_MAX,
  LANE_MIN,
  ROW,
  TOP,
  diagramGeometry,
  diagramHeight,
  fit,
} from './geometry';

describe('the sequence diagram’s geometry', () => {
  it('shares the panel’s width among the lanes, within bounds', () => {
    // 700 px: 700 − 76 − 16 = 608 px for four lanes, 152 each.
    const g = diagramGeometry(700, 4);
    expect(g.laneWidth).toBe(152);
    expect(g.width).toBe(GUTTER + 4 * 152);
    expect(g.laneX(0)).toBe(GUTTER + 76);
    expect(g.laneX(3)).toBe(GUTTER + 3 * 152 + 76);
    // Few lanes in a wide panel stop at the widest; many in a narrow one scroll sideways.
    expect(diagramGeometry(1400, 2).laneWidth).toBe(LANE_MAX);
    expect(diagramGeometry(400, 8).laneWidth).toBe(LANE_MIN);
    expect(diagramGeometry(400, 8).width).toBeGreaterThan(400);
    // Before the panel is measured (width 0), and with no lanes.
    expect(diagramGeometry(0, 0).laneWidth).toBe(LANE_MIN);
  });

  it('puts each arrow in its row, below a top margin', () => {
    const g = diagramGeometry(700, 3);
    expect(g.rowY(0)).toBe(TOP + ROW / 2);
    expect(g.rowY(5) - g.rowY(4)).toBe(ROW);
    expect(diagramHeight(10)).toBe(TOP + 10 * ROW + 8);
  });

  it('fits a label to the room between lanes, with an ellipsis', () => {
    expect(fit('ACK 2.04', 140)).toBe('ACK 2.04');
    // 62 px hold ten characters of 11-px text.
    expect(fit('CON POST /mqtt/connection', 62)).toBe('CON POST …');
    // Never fewer than four.
    expect(fit('CON POST', 0)).toBe('CON…');
  });
});
