import { useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
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
      aria-label={t('operator:request.form', { clientid })}
      className="@container space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        onSend(call);
      }}
    >
      {/* Four across only where the form is wide enough for `application/octet-stream`. */}
      <div className="grid grid-cols-2 gap-2 @lg:grid-cols-4">
        <Field label={t('operator:request.method')} htmlFor={`${id}-m`}>
          <select
            id={`${id}-m`}
            translate="no"
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
        <Field label={t('operator:request.token')} htmlFor={`${id}-t`}>
          <input
            id={`${id}-t`}
            className={`${control.mono} w-full`}
            value={token}
            maxLength={8}
            onChange={(e) => setToken(e.target.value)}
          />
        </Field>
        <Field label={t('operator:request.timeout')} htmlFor={`${id}-o`}>
          <input
            id={`${id}-o`}
            className={`${control.mono} w-full`}
            value={timeout}
            onChange={(e) => setWait(e.target.value)}
          />
        </Field>
        <Field label={t('operator:request.contentType')} htmlFor={`${id}-c`}>
          <select
            id={`${id}-c`}
            translate="no"
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
        label={t('operator:request.payload')}
        htmlFor={`${id}-p`}
        hint={
          contentType === 'application/octet-stream' ? (
            <Trans
              i18nKey="operator:request.base64"
              components={{ b64: <span translate="no">base64</span> }}
            />
          ) : undefined
        }
      >
        <textarea
          id={`${id}-p`}
          translate="no"
          rows={2}
          className={`${control.mono} w-full`}
          value={payload}
          onChange={(e) => setPayload(e.target.value)}
        />
      </Field>
      <button type="submit" className={primaryButton} disabled={busy}>
        {busy ? t('operator:request.waiting') : t('operator:request.send')}
      </button>
    </form>
  );
}
