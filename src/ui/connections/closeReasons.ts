import type { TFunction } from 'i18next';
import type { CloseReason } from '../../gateway';
import { keepaliveForDisplay } from '../settings/url';

/** Each reason's badge and line (literals, so the catalogue test sees each message). */
const REASONS: Record<CloseReason, { label: string; text: string }> = {
  'keepalive-timeout': {
    label: 'connections:closed.keepalive-timeout',
    text: 'connections:closed.keepalive-timeout.text',
  },
  deleted: { label: 'connections:closed.deleted', text: 'connections:closed.deleted.text' },
  'login-failed': {
    label: 'connections:closed.login-failed',
    text: 'connections:closed.login-failed.text',
  },
  discarded: { label: 'connections:closed.discarded', text: 'connections:closed.discarded.text' },
  takenover: { label: 'connections:closed.takenover', text: 'connections:closed.takenover.text' },
  crashed: { label: 'connections:closed.crashed', text: 'connections:closed.crashed.text' },
  kicked: { label: 'connections:closed.kicked', text: 'connections:closed.kicked.text' },
};

/**
 * Why a channel closed, in one line each (gateway-behaviour §1.4–§1.6), for the "Recently closed"
 * list, in the page's language: the badge's word, and the line's message with its values (its
 * `<code>` tags hold wire text: requests, codes, query values). A reason this page does not know
 * is shown as the gateway said it.
 */
export function explainClose(
  reason: string,
  heartbeatSeconds: number,
  t: TFunction,
): {
  label: string;
  text: { key: string; values?: Record<string, string> };
} {
  const timing = keepaliveForDisplay(heartbeatSeconds);
  const known = REASONS[reason as CloseReason] as (typeof REASONS)[CloseReason] | undefined;
  if (!known) return { label: reason, text: { key: 'connections:closed.other.text' } };
  return {
    label: t(known.label),
    text: {
      key: known.text,
      values: {
        from: secondsIn(timing.maxIdle),
        to: secondsIn(timing.maxIdle + timing.checkInterval),
      },
    },
  };
}

/** Milliseconds as a number of seconds to show: `45`, `1.5`. */
export const secondsIn = (ms: number): string => {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
};
