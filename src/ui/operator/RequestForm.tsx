import { useId, useState } from 'react';
import type { OperatorCall } from '../../worker/api';
import { REQUEST_CONTENT_TYPES, REQUEST_METHODS } from '../../wire/api';
import type { RequestContentType, RequestMethod } from '../../wire/api';
import { Field, control } from '../kit/controls';
import { primaryButton } from '../kit/styles';
import { clientPath } from './curl';

/**
 * "Send a request to this device": the body of POST …/clients/:clientid/request as the API takes
 * it (method, token, content type, payload, timeout). The reference's request has no path: what
 * the device answers is its own business.
 */
export function RequestForm({
  clientid,
  busy,
  onSend,
}: {
  clientid: string;
  busy: boolean;
  onSend: (call: OperatorCall) => void;
}) {
  const id = useId();
  const [method, setMethod] = useState<RequestMethod>('get');
  const [token, setToken] = useState('atoken');
  const [contentType, setContentType] = useState<RequestContentType>('text/plain');
  const [payload, setPayload] = useState('simple echo this');
  const [timeout, setWait] = useState('10s');
  const call: OperatorCall = {
    method: 'POST',
    path: clientPath(clientid, '/request'),
    query: [],
    body: { method, token, content_type: contentType, payload, timeout },
  };
  return (
    <form
      aria-label={`Send a request to ${clientid}`}
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSend(call);
      }}
    >
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4">
        <Field label="Method" htmlFor={`${id}-m`}>
          <select
            id={`${id}-m`}
            className={`${control.select} w-full`}
            value={method}
            onChange={(e) => setMethod(e.target.value as RequestMethod)}
          >
            {REQUEST_METHODS.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Token" htmlFor={`${id}-t`}>
          <input
            id={`${id}-t`}
            className={`${control.mono} w-full`}
            value={token}
            maxLength={8}
            onChange={(e) => setToken(e.target.value)}
          />
        </Field>
        <Field label="Timeout" htmlFor={`${id}-o`}>
          <input
            id={`${id}-o`}
            className={`${control.mono} w-full`}
            value={timeout}
            onChange={(e) => setWait(e.target.value)}
          />
        </Field>
        <Field label="Content type" htmlFor={`${id}-c`}>
          <select
            id={`${id}-c`}
            className={`${control.select} w-full`}
            value={contentType}
            onChange={(e) => setContentType(e.target.value as RequestContentType)}
          >
            {REQUEST_CONTENT_TYPES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <Field
        label="Payload"
        htmlFor={`${id}-p`}
        hint={
          contentType === 'application/octet-stream'
            ? 'base64, as the API takes it; the answer comes back in base64 too'
            : undefined
        }
      >
        <textarea
          id={`${id}-p`}
          rows={2}
          className={`${control.mono} w-full`}
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
        />
      </Field>
      <button type="submit" className={primaryButton} disabled={busy}>
        {busy ? 'Waiting for the device…' : 'Send the request'}
      </button>
    </form>
  );
}
