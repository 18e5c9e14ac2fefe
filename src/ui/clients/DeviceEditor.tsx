import { memo, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DeviceBehaviour } from '../../sim';
import { control, smallButton } from '../kit/controls';
import { disclosure } from '../kit/styles';
import { useDispatch } from '../state/playground';
import { MsgText } from '../i18n/MsgText';
import type { Msg } from '../../wire/msg';

type Kind = DeviceBehaviour['kind'];

/**
 * The behaviour in a few words, for the disclosure's summary, in the page's language. The code
 * and the body the user typed are data: they go in as `<code/>`/`<body/>` elements to wrap.
 */
export function describe(
  b: DeviceBehaviour,
  t: TFunction,
): { key: string; values?: Record<string, string | number> } {
  switch (b.kind) {
    case 'echo':
      return { key: 'clients:device.echoes' };
    case 'fixed':
      return { key: b.body ? 'clients:device.answersBody' : 'clients:device.answers' };
    case 'large':
      return {
        key: 'clients:device.large',
        values: { size: String(b.size), block: String(b.blockSize) },
      };
    case 'separate':
      return {
        key: 'clients:device.separate',
        values: { delay: t('clients:seconds', { s: String(b.delay / 1000) }) },
      };
    case 'silent':
      return { key: 'clients:device.silent' };
  }
}

const KINDS: ReadonlyArray<{ value: Kind; label: string }> = [
  { value: 'echo', label: 'clients:device.kind.echo' },
  { value: 'fixed', label: 'clients:device.kind.fixed' },
  { value: 'large', label: 'clients:device.kind.large' },
  { value: 'separate', label: 'clients:device.kind.separate' },
  { value: 'silent', label: 'clients:device.kind.silent' },
];

/**
 * How a simulated client answers the requests the gateway sends down to it (the management API's
 * POST …/clients/:clientid/request), as a CoAP server (`set-device`). The gateway's request has no
 * path, so the answer is the device's own behaviour.
 */
export const DeviceEditor = memo(function DeviceEditor({
  client,
  behaviour,
}: {
  client: string;
  behaviour: DeviceBehaviour;
}) {
  const dispatch = useDispatch();
  const { t } = useTranslation();
  const id = useId();
  const [kind, setKind] = useState<Kind>(behaviour.kind);
  const [code, setCode] = useState(behaviour.kind === 'fixed' ? behaviour.code : '2.05');
  const [body, setBody] = useState(behaviour.kind === 'fixed' ? behaviour.body : 'on');
  const [size, setSize] = useState(String(behaviour.kind === 'large' ? behaviour.size : 2048));
  const [block, setBlock] = useState(String(behaviour.kind === 'large' ? behaviour.blockSize : 64));
  const [delay, setDelay] = useState(
    String(behaviour.kind === 'separate' ? behaviour.delay : 3000),
  );
  const [error, setError] = useState<Msg>();
  const draft = (): DeviceBehaviour => {
    switch (kind) {
      case 'fixed':
        return { kind, code: code.trim(), body };
      case 'large':
        return { kind, size: Number(size), blockSize: Number(block) };
      case 'separate':
        return { kind, delay: Number(delay) };
      default:
        return { kind };
    }
  };
  const apply = async () => {
    const r = await dispatch({ type: 'set-device', client, behaviour: draft() });
    setError(r.ok ? undefined : r.error);
  };
  const input = (
    key: string,
    label: string,
    value: string,
    set: (v: string) => void,
    mono = true,
  ) => (
    <div className="min-w-0">
      <label
        htmlFor={`${id}-${key}`}
        className="block text-[11px] text-slate-700 dark:text-slate-300"
      >
        {label}
      </label>
      <input
        id={`${id}-${key}`}
        value={value}
        onChange={(e) => set(e.target.value)}
        className={`${mono ? control.smallMono : control.small} w-full min-w-0`}
      />
    </div>
  );
  return (
    <details className="group text-xs" data-testid={`device-${client}`}>
      <summary className={disclosure}>
        <Summary behaviour={behaviour} t={t} />
      </summary>
      <div className="mt-1.5 space-y-1.5">
        <label htmlFor={`${id}-kind`} className="sr-only">
          {t('clients:device.how', { client })}
        </label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          className={`${control.smallSelect} w-full`}
        >
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {t(k.label)}
            </option>
          ))}
        </select>
        <div className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
          {kind === 'fixed' && (
            <>
              {input('code', t('clients:device.code'), code, setCode)}
              {input('body', t('clients:device.body'), body, setBody, false)}
            </>
          )}
          {kind === 'large' && (
            <>
              {input('size', t('clients:device.size'), size, setSize)}
              {input('block', t('clients:device.block'), block, setBlock)}
            </>
          )}
          {kind === 'separate' && (
            <>
              {input('delay', t('clients:device.delay'), delay, setDelay)}
              <span />
            </>
          )}
          {(kind === 'echo' || kind === 'silent') && <span className="col-span-2" />}
          <button type="button" className={smallButton} onClick={() => void apply()}>
            {t('clients:apply')}
          </button>
        </div>
        <p role="status" aria-live="polite" className="text-red-700 dark:text-red-300">
          <MsgText m={error} />
        </p>
      </div>
    </details>
  );
});

/** "As a device: answers 2.05 "on"", the code and body the user typed kept as typed. */
function Summary({ behaviour: b, t }: { behaviour: DeviceBehaviour; t: TFunction }) {
  const { key, values } = describe(b, t);
  return (
    <Trans
      i18nKey={key}
      t={t}
      values={values}
      components={{
        b: <span className="font-medium" />,
        code: <span translate="no">{b.kind === 'fixed' ? b.code : ''}</span>,
        body: <span translate="no">{b.kind === 'fixed' ? b.body.slice(0, 40) : ''}</span>,
      }}
    />
  );
}
