import type { KeyboardEvent } from 'react';
import type { GatewayConfig, NotifyType, Profile, QosMode } from '../../gateway';
import type { Apply } from './apply';
import { Field, Group, Switch, fieldInput, hint, useDraft } from './fields';
import { keepaliveForDisplay, seconds } from './url';

interface Props {
  config: GatewayConfig;
  apply: Apply;
}

const PROFILES: ReadonlyArray<{ value: Profile; title: string; summary: string }> = [
  {
    value: '6.x',
    title: '6.x (current code, default)',
    summary:
      '4.00 / 4.01 for a missing / wrong token, per-request auth in connectionless mode, notify_type honoured with one CON in flight and a queue of 100, time-based Observe values, exponential retransmission, block-wise transfer, RFC frame checks.',
  },
  {
    value: '5.x',
    title: '5.x (legacy, what the document describes)',
    summary:
      'No reply to a request without a token, 4.00 for a wrong one, no connectionless auth (clientid ignored), every notification NON, no queue, Observe 0, 1, 2…, retransmissions back-to-back after the first, no block-wise, expiry ignored.',
  },
];

type SelectKey = 'notify_type' | 'publish_qos' | 'subscribe_qos';

/** A select bound to one string-valued config key: shows its value, applies a change at once. */
function ConfigSelect<K extends SelectKey>({
  field,
  config,
  apply,
  configKey,
  options,
}: Props & {
  field: { id: string; describedBy?: string };
  configKey: K;
  options: ReadonlyArray<{ value: GatewayConfig[K]; label: string }>;
}) {
  return (
    <select
      id={field.id}
      value={config[configKey]}
      aria-describedby={field.describedBy}
      onChange={(e) =>
        apply(
          { [configKey]: e.target.value } as Partial<GatewayConfig>,
          `${configKey} = ${e.target.value}`,
        )
      }
      className={fieldInput}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** gateway-behaviour §1.16: which generation of the reference to behave like. */
export function ProfileSettings({ config, apply }: Props) {
  return (
    <Group title="Gateway version">
      <div role="radiogroup" aria-label="Gateway profile" className="space-y-2">
        {PROFILES.map((p) => (
          <label
            key={p.value}
            className={`flex cursor-pointer gap-2 rounded-md border p-2 ${
              config.profile === p.value
                ? 'border-sky-500 bg-sky-50 dark:border-sky-500 dark:bg-sky-950/40'
                : 'border-slate-200 hover:bg-slate-50 dark:border-slate-700 dark:hover:bg-slate-800/50'
            }`}
          >
            <input
              type="radio"
              name="profile"
              value={p.value}
              checked={config.profile === p.value}
              onChange={() => apply({ profile: p.value }, `profile = ${p.value}`)}
              className="mt-0.5 accent-sky-600"
            />
            <span className="space-y-0.5">
              <span className="block text-sm font-medium">
                {p.title}{' '}
                <span className="font-mono text-[11px] text-slate-600 dark:text-slate-400">
                  profile
                </span>
              </span>
              <span className={`block ${hint}`}>{p.summary}</span>
            </span>
          </label>
        ))}
      </div>
    </Group>
  );
}

const onEnter = (commit: () => void) => (e: KeyboardEvent<HTMLInputElement>) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    commit();
  }
};

/** gateway-behaviour §1.4–§1.6: connection mode and keep-alive. */
export function ConnectionSettings({ config, apply }: Props) {
  const [draft, setDraft] = useDraft(config.heartbeat);
  const typed = Number(draft);
  const valid = draft.trim() !== '' && Number.isFinite(typed) && typed >= 1 && typed <= 86_400;
  const shown = keepaliveForDisplay(valid ? typed : config.heartbeat);
  const commit = () => {
    if (valid && typed !== config.heartbeat)
      apply({ heartbeat: typed }, `heartbeat = ${typed} s (channels opened from now on)`);
  };
  return (
    <Group title="Connections and keep-alive">
      <Switch
        label="Connection mode"
        configKey="connection_required"
        checked={config.connection_required}
        onChange={(v) =>
          apply(
            { connection_required: v },
            `connection_required = ${v} (routing changes now; live channels keep their mode)`,
          )
        }
        hint={
          config.connection_required
            ? 'On: a client POSTs /mqtt/connection?clientid=… for a token, then sends clientid + token with every request; datagrams are routed by clientid (§1.4).'
            : 'Off (default): one channel per ip:port, no token; a new source port is a new channel (§1.5).'
        }
      />
      <Field
        label="Heartbeat (seconds)"
        configKey="heartbeat"
        hint={
          <>
            <span data-testid="heartbeat-derived">
              Checked every <strong>{seconds(shown.checkInterval)}</strong>; expires after{' '}
              <strong>{seconds(shown.maxIdle)}</strong> idle, i.e. {seconds(shown.maxIdle)}–
              {seconds(shown.maxIdle + shown.checkInterval)} after the last datagram of any kind.
            </span>{' '}
            Applies to channels opened afterwards: each channel fixes its timing when it opens.
            {!valid && (
              <span className="block text-rose-700 dark:text-rose-400">
                Enter a number of seconds from 1 to 86400.
              </span>
            )}
          </>
        }
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            type="number"
            min={1}
            max={86_400}
            step="any"
            inputMode="decimal"
            value={draft}
            aria-invalid={!valid}
            aria-describedby={describedBy}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={commit}
            onKeyDown={onEnter(commit)}
            className={`${fieldInput} max-w-32 font-mono`}
          />
        )}
      </Field>
    </Group>
  );
}

const QOS_MODES: ReadonlyArray<{ value: QosMode; label: string }> = [
  { value: 'coap', label: 'coap (default): NON → 0, CON → 1' },
  { value: 'qos0', label: 'qos0' },
  { value: 'qos1', label: 'qos1' },
  { value: 'qos2', label: 'qos2' },
];

const NOTIFY: ReadonlyArray<{ value: NotifyType; label: string }> = [
  { value: 'qos', label: 'qos (default): QoS 0 → NON, 1/2 → CON' },
  { value: 'con', label: 'con: always CON' },
  { value: 'non', label: 'non: always NON' },
];

/** gateway-behaviour §1.8–§1.10, §1.13: QoS defaults, notification type, mountpoint. */
export function TopicSettings({ config, apply }: Props) {
  const [mount, setMount] = useDraft(config.mountpoint);
  const commitMount = () => {
    if (mount !== config.mountpoint)
      apply({ mountpoint: mount }, `mountpoint = "${mount}" (resolved when a client connects)`);
  };
  return (
    <Group title="Publish, observe and topics">
      <Field
        label="Notification type"
        configKey="notify_type"
        hint={
          config.profile === '5.x'
            ? 'Ignored by the 5.x profile: it read the missing key notify_qos, so every notification was NON.'
            : "Decided by the published message's QoS, never by the observer's subscription QoS (§1.10)."
        }
      >
        {(field) => (
          <ConfigSelect
            field={field}
            config={config}
            apply={apply}
            configKey="notify_type"
            options={NOTIFY}
          />
        )}
      </Field>
      <Field
        label="Publish QoS"
        configKey="publish_qos"
        hint="The MQTT QoS of a CoAP publish with no qos / q query (§1.8). It only affects MQTT receivers."
      >
        {(field) => (
          <ConfigSelect
            field={field}
            config={config}
            apply={apply}
            configKey="publish_qos"
            options={QOS_MODES}
          />
        )}
      </Field>
      <Field
        label="Subscribe QoS"
        configKey="subscribe_qos"
        hint="The subscription QoS of an observe with no qos / q query (§1.9). Stored in the broker; it does not pick CON or NON."
      >
        {(field) => (
          <ConfigSelect
            field={field}
            config={config}
            apply={apply}
            configKey="subscribe_qos"
            options={QOS_MODES}
          />
        )}
      </Field>
      <Field
        label="Mountpoint"
        configKey="mountpoint"
        hint={
          <>
            A prefix on every topic, e.g.{' '}
            <code className="font-mono">devices/$&#123;clientid&#125;/</code>;{' '}
            <code className="font-mono">$&#123;clientid&#125;</code> and{' '}
            <code className="font-mono">$&#123;username&#125;</code> are filled in when a client
            connects (§1.13). Authorization checks the topic before mounting.
          </>
        }
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            type="text"
            value={mount}
            spellCheck={false}
            placeholder="(none)"
            aria-describedby={describedBy}
            onChange={(e) => setMount(e.target.value)}
            onBlur={commitMount}
            onKeyDown={onEnter(commitMount)}
            className={`${fieldInput} font-mono`}
          />
        )}
      </Field>
    </Group>
  );
}

const BLOCK_SIZES = [16, 32, 64, 128, 256, 512, 1024] as const;

const bytes = (n: number): string =>
  n >= 1024 * 1024 && n % (1024 * 1024) === 0
    ? `${n / (1024 * 1024)} MiB`
    : n >= 1024 && n % 1024 === 0
      ? `${n / 1024} KiB`
      : `${n} bytes`;

/** gateway-behaviour §1.12: block-wise transfer (6.x only). */
export function BlockwiseSettings({ config, apply }: Props) {
  const bw = config.blockwise;
  const [body, setBody] = useDraft(bw.max_body_size);
  const typed = Number(body);
  const valid = Number.isInteger(typed) && typed >= 16;
  const commitBody = () => {
    if (valid && typed !== bw.max_body_size)
      apply(
        { blockwise: { ...bw, max_body_size: typed } },
        `blockwise.max_body_size = ${bytes(typed)}`,
      );
  };
  return (
    <Group title="Block-wise transfer">
      <Switch
        label="Block-wise transfer"
        configKey="blockwise.enable"
        checked={bw.enable}
        onChange={(v) => apply({ blockwise: { ...bw, enable: v } }, `blockwise.enable = ${v}`)}
        hint={
          config.profile === '5.x'
            ? 'The 5.x profile has none: Block options are parsed and ignored.'
            : 'Block1 for large requests (2.31 Continue), Block2 for large replies and notifications (§1.12).'
        }
      />
      <Field
        label="Largest block"
        configKey="blockwise.max_block_size"
        hint="Replies and notifications longer than this go out as Block2 block 0; bigger Block1 blocks get 4.02."
      >
        {({ id, describedBy }) => (
          <select
            id={id}
            value={bw.max_block_size}
            aria-describedby={describedBy}
            onChange={(e) =>
              apply(
                { blockwise: { ...bw, max_block_size: Number(e.target.value) } },
                `blockwise.max_block_size = ${e.target.value}`,
              )
            }
            className={`${fieldInput} max-w-32 font-mono`}
          >
            {BLOCK_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Largest body (bytes)"
        configKey="blockwise.max_body_size"
        hint={
          <>
            {valid ? `${bytes(typed)}.` : 'Enter a whole number of bytes, at least 16.'} A Block1
            body over this gets 4.13 Request Entity Too Large. Default 4 MiB.
          </>
        }
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            type="number"
            min={16}
            step={1}
            value={body}
            aria-invalid={!valid}
            aria-describedby={describedBy}
            onChange={(e) => setBody(e.target.value)}
            onBlur={commitBody}
            onKeyDown={onEnter(commitBody)}
            className={`${fieldInput} max-w-40 font-mono`}
          />
        )}
      </Field>
    </Group>
  );
}
