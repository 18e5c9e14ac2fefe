// The Operator view's calls: each made through the worker exactly as the relay forwards curl's,
// with the curl command for it and the answer it got.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { OperatorCall } from '../../worker/api';
import type { ApiAnswer } from '../../wire/api';
import { SNAPSHOT, useBridge } from '../state/playground';

/** One call the view made and what it got (undefined while it waits, e.g. for a device). */
export interface CallResult {
  what: string;
  call: OperatorCall;
  answer?: ApiAnswer;
  error?: string;
}

/** Calls the management API from the page; the latest result per action name. */
export function useOperatorCalls() {
  const bridge = useBridge();
  const qc = useQueryClient();
  const [results, setResults] = useState<Record<string, CallResult>>({});
  const run = useCallback(
    async (action: string, what: string, call: OperatorCall): Promise<ApiAnswer | undefined> => {
      setResults((r) => ({ ...r, [action]: { what, call } }));
      try {
        const answer = await bridge.operate(call);
        setResults((r) => ({ ...r, [action]: { what, call, answer } }));
        await qc.invalidateQueries({ queryKey: SNAPSHOT });
        return answer;
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        setResults((r) => ({ ...r, [action]: { what, call, error } }));
        return undefined;
      }
    },
    [bridge, qc],
  );
  return { results, run };
}
