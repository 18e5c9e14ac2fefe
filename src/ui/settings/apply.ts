import type { GatewayConfig } from '../../gateway';

/** How a settings group changes the running gateway: a patch of its config, and what changed. */
export type Apply = (patch: Partial<GatewayConfig>, what: string) => void;
