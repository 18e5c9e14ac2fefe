/**
 * A scenario: what a user did to a fresh world, replayable step for step. The world is seeded and
 * its clock virtual, so the same scenario gives the same journal, byte for byte. Shared by "share
 * as JSON / URL" (replay) and the side-by-side mode comparison (one script, two gateways).
 */
import type { Intent } from './api';

/** One intent, applied when the world's virtual clock reads `at` ms. */
export interface ScenarioStep {
  at: number;
  intent: Intent;
}

export interface Scenario {
  version: 1;
  /** Seeds the world's randomness (tokens, message ids, losses). */
  seed: number;
  /** Gateway settings as a page URL query (`connection_required=true&heartbeat=30s…`). */
  settings: string;
  steps: ScenarioStep[];
  /**
   * Virtual ms the world had reached when it was shared: a replay runs on to here, so it shows
   * what the sharer saw (retransmissions and expiries after the last step included).
   */
  until?: number;
}
