import { memo, useId, useState } from 'react';
import { Segmented, control } from '../kit/controls';
import { button } from '../kit/styles';
import { useDispatch } from '../state/playground';
import { renderMsg } from '../i18n/msg';

type Kind = 'coap' | 'mqtt';

/**
 * Adds a simulated CoAP client (name optional) or a virtual MQTT client (clientId required).
 * Memoized: it has no props, and the client list around it renders with every snapshot.
 */
export const AddClient = memo(function AddClient() {
  const dispatch = useDispatch();
  const id = useId();
  const [kind, setKind] = useState<Kind>('coap');
  const [name, setName] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();

  const add = async () => {
    const trimmed = name.trim();
    if (kind === 'mqtt' && !trimmed) {
      setMessage({ ok: false, text: 'An MQTT client needs a clientId.' });
      return;
    }
    const r = await dispatch(
      kind === 'coap'
        ? { type: 'add-coap-client', ...(trimmed ? { name: trimmed } : {}) }
        : { type: 'add-mqtt-client', clientId: trimmed },
    );
    if (r.ok) {
      setName('');
      setMessage({
        ok: true,
        text: `Added ${kind === 'coap' ? 'CoAP' : 'MQTT'} client ${r.detail ?? trimmed}.`,
      });
    } else setMessage({ ok: false, text: renderMsg(r.error) });
  };

  return (
    <form
      aria-label="Add a client"
      className="space-y-1"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <div className="flex items-center gap-2">
        <Segmented<Kind>
          legend="Kind of client"
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
          {kind === 'coap' ? 'CoAP client name (optional)' : 'MQTT clientId'}
        </label>
        <input
          id={id}
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder={kind === 'coap' ? 'name (optional)' : 'clientId'}
          className={`${control.text} w-full min-w-0 flex-1`}
          autoComplete="off"
          spellCheck={false}
        />
        <button type="submit" className={button}>
          Add
        </button>
      </div>
      <p
        role="status"
        aria-live="polite"
        className={`text-xs ${message?.ok === false ? 'text-red-700 dark:text-red-300' : 'text-slate-600 dark:text-slate-400'}`}
      >
        {message?.text}
      </p>
    </form>
  );
});
