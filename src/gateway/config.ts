/**
 * Gateway configuration (gateway-behaviour §1.15), with the reference's key names and defaults, plus the
 * playground's own settings: the profile (§1.16) and a simple authenticator and deny-list.
 */
export type Profile = '6.x' | '5.x';
export type NotifyType = 'qos' | 'con' | 'non';
export type QosMode = 'coap' | 'qos0' | 'qos1' | 'qos2';

export interface User {
  username: string;
  password: string;
}

export interface GatewayConfig {
  /** `6.x` (default, the current code) or `5.x` (legacy behaviour, gateway-behaviour §1.16). */
  profile: Profile;
  /** Keep-alive base in seconds (gateway-behaviour §1.6). Default 30. */
  heartbeat: number;
  /** Connection mode (gateway-behaviour §1.4) with clientid routing, or connectionless (§1.5). Default false. */
  connection_required: boolean;
  /** CON/NON of notifications (gateway-behaviour §1.10). Default `qos`: message QoS 0 → NON, else CON. */
  notify_type: NotifyType;
  /** Subscription QoS when the request has none (gateway-behaviour §1.9). Default `coap`: NON → 0, CON → 1. */
  subscribe_qos: QosMode;
  /** Publish QoS when the request has none (gateway-behaviour §1.8). Default `coap`: NON → 0, CON → 1. */
  publish_qos: QosMode;
  /** Topic prefix; `${clientid}` and `${username}` are resolved at connect (gateway-behaviour §1.13). Default "". */
  mountpoint: string;
  blockwise: {
    enable: boolean;
    /** One of 16..1024. Default 1024. */
    max_block_size: number;
    /** Default 4 MiB. */
    max_body_size: number;
  };
  /** Authentication: none, or a list of users (username + password). Default none. */
  authentication: { type: 'none' } | { type: 'users'; users: User[] };
  /**
   * `legacy` (default): connectionless pub/sub is allowed with no authenticator configured.
   * `hardened`: it is rejected with 4.01 unless an authenticator accepts it (gateway-behaviour §1.5).
   */
  security_profile: 'legacy' | 'hardened';
  /** Authorization deny-list: `{ action, topic filter }` checked on the unmounted topic (gateway-behaviour §1.13). */
  deny: Array<{ action: 'publish' | 'subscribe' | 'all'; topic: string }>;
}

export const DEFAULT_CONFIG: GatewayConfig = {
  profile: '6.x',
  heartbeat: 30,
  connection_required: false,
  notify_type: 'qos',
  subscribe_qos: 'coap',
  publish_qos: 'coap',
  mountpoint: '',
  blockwise: { enable: true, max_block_size: 1024, max_body_size: 4 * 1024 * 1024 },
  authentication: { type: 'none' },
  security_profile: 'legacy',
  deny: [],
};

/** A config with `patch` applied over the defaults (nested `blockwise` merged). */
export function makeConfig(patch: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    ...DEFAULT_CONFIG,
    ...patch,
    blockwise: { ...DEFAULT_CONFIG.blockwise, ...patch.blockwise },
  };
}

/**
 * Keep-alive timing (gateway-behaviour §1.6, emqx_keepalive:keepalive_params/2): the check interval is
 * clamp(30 s, 1 s, max(heartbeat / 2, 1 s)) and the channel may idle 1.5 × heartbeat.
 */
export function keepaliveTiming(heartbeatSeconds: number): {
  checkInterval: number;
  maxIdle: number;
} {
  const hb = heartbeatSeconds * 1000;
  const checkInterval = Math.min(30_000, Math.max(1000, Math.max(hb / 2, 1000)));
  return { checkInterval, maxIdle: hb * 1.5 };
}

/** Parses a duration as the reference writes it (`30s`, `1m`, `500ms`, or a bare number of seconds). */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const seconds = unit === 'ms' ? n / 1000 : unit === 'm' ? n * 60 : unit === 'h' ? n * 3600 : n;
  return seconds > 0 ? seconds : undefined;
}
