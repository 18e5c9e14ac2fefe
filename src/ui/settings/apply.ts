import type { GatewayConfig } from '../../gateway';
import type { Msg } from '../../wire/msg';

/**
 * How a settings group changes the running gateway: a patch of its config, and what to say once it
 * is applied (a `settings:status.*` message, in the page's language when shown).
 */
export type Apply = (patch: Partial<GatewayConfig>, applied: Msg) => void;
