import { memo, useId, useState } from 'react';
import type { DeviceBehaviour } from '../../sim';
import { control, smallButton } from '../kit/controls';
import { disclosure } from '../kit/styles';
import { useDispatch } from '../state/playground';
import { renderMsg } from '../i18n/msg';

type Kind = DeviceBehaviour['kind'];

/** The behaviour in a few words, for the disclosure's summary. */
function describe(b: DeviceBehaviour): string {
  switch (b.kind) {
    case 'echo':
      return 'echoes the payload (2.05)';
    case 'fixed':
      return `answers ${b.code}${b.body ? ` "${b.body.slice(0, 40)}"` : ''}`;
    case 'large':
      return `answers ${b.size} bytes in Block2 blocks of ${b.blockSize}`;
    case 'separate':
      return `ACKs, then answers in a separate CON after ${b.delay / 1000} s`;
    case 'silent':
      return 'does not answer';
  }
}

const KINDS: ReadonlyArray<{ value: Kind; label: string }> = [
  { value: 'echo', label: 'Echo the payload (2.05)' },
  { value: 'fixed', label: 'A fixed code and body' },
  { value: 'large', label: 'A large body (Block2)' },
  { value: 'separate', label: 'A separate response after a delay' },
  { value: 'silent', label: 'No answer at all' },
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
  const id = useId();
  const [kind, setKind] = useState<Kind>(behaviour.kind);
  const [code, setCode] = useState(behaviour.kind === 'fixed' ? behaviour.code : '2.05');
  const [body, setBody] = useState(behaviour.kind === 'fixed' ? behaviour.body : 'on');
  const [size, setSize] = useState(String(behaviour.kind === 'large' ? behaviour.size : 2048));
  const [block, setBlock] = useState(String(behaviour.kind === 'large' ? behaviour.blockSize : 64));
  const [delay, setDelay] = useState(
    String(behaviour.kind === 'separate' ? behaviour.delay : 3000),
  );
  const [error, setError] = useState<string>();
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
    setError(r.ok ? undefined : renderMsg(r.error));
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
        As a device: <span className="font-medium">{describe(behaviour)}</span>
      </summary>
      <div className="mt-1.5 space-y-1.5">
        <label htmlFor={`${id}-kind`} className="sr-only">
          How {client} answers the gateway&apos;s requests
        </label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          className={`${control.smallSelect} w-full`}
        >
          {KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
        <div className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
          {kind === 'fixed' && (
            <>
              {input('code', 'Code', code, setCode)}
              {input('body', 'Body', body, setBody, false)}
            </>
          )}
          {kind === 'large' && (
            <>
              {input('size', 'Body bytes', size, setSize)}
              {input('block', 'Block size', block, setBlock)}
            </>
          )}
          {kind === 'separate' && (
            <>
              {input('delay', 'Delay (ms)', delay, setDelay)}
              <span />
            </>
          )}
          {(kind === 'echo' || kind === 'silent') && <span className="col-span-2" />}
          <button type="button" className={smallButton} onClick={() => void apply()}>
            Apply
          </button>
        </div>
        <p role="status" aria-live="polite" className="text-red-700 dark:text-red-300">
          {error}
        </p>
      </div>
    </details>
  );
});
