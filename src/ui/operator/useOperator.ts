// The Operator view's calls: each made through the worker exactly as the relay forwards curl's,
// with the curl command for it and the answer it got.
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { OperatorCall } from '../../worker/api';
import type { ApiAnswer } from '../../wire/api';
import { SNAPSHOT, useBridge } from '../state/playground';

/**
 * What a call was for, said at render in the page's language (`List clients`, `Kick dev1`): the
 * clientid and the topic are data the sentence places.
 */
export type CallWhat =
  | { action: 'list' }
  | { action: 'kick'; clientid: string }
  | { action: 'request'; clientid: string }
  | { action: 'subscribe'; clientid: string; topic: string }
  | { action: 'unsubscribe'; clientid: string; topic: string };

/** One call the view made and what it got (undefined while it waits, e.g. for a device). */
export interface CallResult {
  what: CallWhat;
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
    async (action: string, what: CallWhat, call: OperatorCall): Promise<ApiAnswer | undefined> => {
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
