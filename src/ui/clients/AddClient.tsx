import { memo, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Segmented, control } from '../kit/controls';
import { button } from '../kit/styles';
import { useDispatch } from '../state/playground';
import { renderMsg } from '../i18n/msg';
import type { Msg } from '../../wire/msg';

type Kind = 'coap' | 'mqtt';

/** What the form last said, kept as what happened so it reads in the page's current language. */
type Said =
  | { ok: true; kind: Kind; name: string }
  | { ok: false; needsClientId: true }
  | { ok: false; error: Msg };

/**
 * Adds a simulated CoAP client (name optional) or a virtual MQTT client (clientId required).
 * Memoized: it has no props, and the client list around it renders with every snapshot.
 */
export const AddClient = memo(function AddClient() {
  const dispatch = useDispatch();
  const id = useId();
  const [kind, setKind] = useState<Kind>('coap');
  const [name, setName] = useState('');
  const { t } = useTranslation();
  const [message, setMessage] = useState<Said>();

  const add = async () => {
    const trimmed = name.trim();
    if (kind === 'mqtt' && !trimmed) {
      setMessage({ ok: false, needsClientId: true });
      return;
    }
    const r = await dispatch(
      kind === 'coap'
        ? { type: 'add-coap-client', ...(trimmed ? { name: trimmed } : {}) }
        : { type: 'add-mqtt-client', clientId: trimmed },
    );
    if (r.ok) {
      setName('');
      setMessage({ ok: true, kind, name: r.detail ?? trimmed });
    } else setMessage({ ok: false, error: r.error });
  };

  return (
    <form
      aria-label={t('clients:add.form')}
      className="space-y-1"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <div className="flex items-center gap-2">
        <Segmented<Kind>
          legend={t('clients:add.kind')}
          value={kind}
          onChange={(k) => {
            setKind(k);
            setMessage(undefined);
          }}
          options={[
            { value: 'coap', label: 'CoAP' },
            { value: 'mqtt', label: 'MQTT' },
          ]}
        />
        <label htmlFor={id} className="sr-only">
          {kind === 'coap' ? t('clients:add.coapName') : t('clients:add.mqttClientId')}
        </label>
        <input
          id={id}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={kind === 'coap' ? t('clients:add.namePlaceholder') : 'clientId'}
          className={`${control.text} w-full min-w-0 flex-1`}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className={button}>
          {t('clients:add.add')}
        </button>
      </div>
      <p
        role="status"
        aria-live="polite"
        className={`text-xs ${message?.ok === false ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}
      >
        {message === undefined ? null : message.ok ? (
          <Trans
            i18nKey="clients:add.added"
            values={{ kind: message.kind }}
            components={{ name: <span translate="no">{message.name}</span> }}
          />
        ) : 'needsClientId' in message ? (
          t('clients:add.needsClientId')
        ) : (
          renderMsg(message.error)
        )}
      </p>
    </form>
  );
});
