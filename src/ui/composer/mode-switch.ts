import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { IntentResult } from '../../worker/api';
import { SNAPSHOT, useBridge } from '../state/playground';
import { syncSettingsUrl } from '../settings/url';
import type { GatewayMode } from './presets';

/**
 * What switching the gateway's mode from the presets (or the welcome) does, said beside the
 * button: a message id.
 */
export const MODE_SWITCH_RESETS = 'composer:mode-switch.resets';

/**
 * Switches the gateway to `mode` in one step: a fresh world with connection_required changed
 * and the other settings kept, the same simulated CoAP clients added back, and the page
 * address updated. A fresh world rather than a reconfigured one: live channels keep the mode
 * they opened with (gateway-behaviour §1.15), so a client's next request would otherwise still
 * meet its old connectionless channel.
 */
export function useSwitchMode(): (mode: GatewayMode) => Promise<IntentResult> {
  const bridge = useBridge();
  const qc = useQueryClient();
  return useCallback(
    async (mode) => {
      const before = await bridge.snapshot();
      const r = await bridge.dispatch({
        type: 'reset',
        config: { ...before.config, connection_required: mode === 'connection' },
      });
      if (!r.ok) return r;
      for (const c of before.coapClients)
        await bridge.dispatch({ type: 'add-coap-client', name: c.name });
      syncSettingsUrl((await bridge.snapshot()).configQuery);
      await qc.invalidateQueries({ queryKey: SNAPSHOT });
      return r;
    },
    [bridge, qc],
  );
}
