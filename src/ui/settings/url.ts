/**
 * Keys of the page's own address that are not gateway settings and survive a settings change
 * (the gateway's list is PAGE_KEYS in src/gateway/config-query.ts; `testhooks` is the e2e hook).
 */
export const PAGE_URL_KEYS = ['seed', 'scenario', 'view', 'lesson', 'lang', 'testhooks'] as const;

/**
 * The page address for `configQuery` (the worker's `snapshot.configQuery`), keeping the page's
 * own keys from `current` and dropping old gateway keys, so a link reproduces the setup.
 */
export function settingsUrl(current: string, configQuery: string): string {
  const url = new URL(current);
  const next = new URLSearchParams(configQuery);
  for (const key of PAGE_URL_KEYS)
    for (const value of url.searchParams.getAll(key)) next.append(key, value);
  url.search = next.toString();
  return url.toString();
}

/** Puts the settings in the address bar without a navigation or a history entry. */
export function syncSettingsUrl(configQuery: string): string {
  const href = settingsUrl(window.location.href, configQuery);
  window.history.replaceState(window.history.state, '', href);
  return href;
}

/** A duration in seconds as the heartbeat field shows it. */
export const seconds = (ms: number): string => {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)}\u00a0s`;
};

/**
 * Keep-alive timing for a heartbeat, for display only (gateway-behaviour §1.6, emqx_keepalive): checks every
 * clamp(30 s, 1 s, max(heartbeat / 2, 1 s)); the channel may idle 1.5 × heartbeat. The gateway
 * computes the real thing (`keepaliveTiming` in src/gateway/config.ts); the page may not import it.
 */
export function keepaliveForDisplay(heartbeatSeconds: number): {
  checkInterval: number;
  maxIdle: number;
} {
  const hb = heartbeatSeconds * 1000;
  return {
    checkInterval: Math.min(30_000, Math.max(1000, hb / 2)),
    maxIdle: hb * 1.5,
  };
}
