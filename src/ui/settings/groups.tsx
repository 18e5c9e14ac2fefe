import type { KeyboardEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { msg } from '../../wire/msg';
import type { GatewayConfig, NotifyType, Profile, QosMode } from '../../gateway';
import type { Apply } from './apply';
import { Field, Group, Switch, fieldInput, hint, useDraft } from './fields';
import { keepaliveForDisplay, seconds } from './url';
import { DATA_TAGS } from '../i18n/MsgText';

interface Props {
  config: GatewayConfig;
  apply: Apply;
}

/** The two profiles; `settings:profile.<key>.title` and `.summary` say what each does. */
const PROFILES: ReadonlyArray<{ value: Profile; key: string }> = [
  { value: '6.x', key: '6' },
  { value: '5.x', key: '5' },
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
  options: ReadonlyArray<{ value: GatewayConfig[K]; label?: string }>;
}) {
  const { t } = useTranslation();
  return (
    <select
      id={field.id}
      value={config[configKey]}
      aria-describedby={field.describedBy}
      onChange={(e) =>
        apply(
          { [configKey]: e.target.value } as Partial<GatewayConfig>,
          msg('settings:status.set', { key: configKey, value: e.target.value }),
        )
      }
      className={fieldInput}
    >
      {/* An option without words is a value as the configuration writes it (qos0). */}
      {options.map((o) => (
        <option key={o.value} value={o.value} translate={o.label ? undefined : 'no'}>
          {o.label ? t(o.label) : o.value}
        </option>
      ))}
    </select>
  );
}

/** gateway-behaviour §1.16: which generation of the reference to behave like. */
export function ProfileSettings({ config, apply }: Props) {
  const { t } = useTranslation();
  return (
    <Group title={t('settings:profile.group')}>
      <div role="radiogroup" aria-label={t('settings:profile.radios')} className="space-y-2">
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
              onChange={() =>
                apply(
                  { profile: p.value },
                  msg('settings:status.set', { key: 'profile', value: p.value }),
                )
              }
              className="mt-0.5 accent-sky-600"
            />
            <span className="space-y-0.5">
              <span className="block text-sm font-medium">
                {t(`settings:profile.${p.key}.title`)}{' '}
                <span
                  translate="no"
                  className="font-mono text-[11px] text-slate-600 dark:text-slate-400"
                >
                  profile
                </span>
              </span>
              <span className={`block ${hint}`}>
                <Trans i18nKey={`settings:profile.${p.key}.summary`} components={DATA_TAGS} />
              </span>
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
  const { t } = useTranslation();
  const [draft, setDraft] = useDraft(config.heartbeat);
  const typed = Number(draft);
  const valid = draft.trim() !== '' && Number.isFinite(typed) && typed >= 1 && typed <= 86_400;
  const shown = keepaliveForDisplay(valid ? typed : config.heartbeat);
  const commit = () => {
    if (valid && typed !== config.heartbeat)
      apply({ heartbeat: typed }, msg('settings:status.heartbeat', { s: String(typed) }));
  };
  return (
    <Group title={t('settings:connection.group')}>
      <Switch
        label={t('settings:connection.mode')}
        configKey="connection_required"
        checked={config.connection_required}
        onChange={(v) =>
          apply({ connection_required: v }, msg('settings:status.connection', { value: String(v) }))
        }
        hint={
          <Trans
            i18nKey={
              config.connection_required ? 'settings:connection.on' : 'settings:connection.off'
            }
            components={DATA_TAGS}
          />
        }
      />
      <Field
        label={t('settings:heartbeat.label')}
        configKey="heartbeat"
        hint={
          <>
            <span data-testid="heartbeat-derived">
              <Trans
                i18nKey="settings:heartbeat.derived"
                values={{
                  check: seconds(shown.checkInterval),
                  idle: seconds(shown.maxIdle),
                  until: seconds(shown.maxIdle + shown.checkInterval),
                }}
                components={{ b: <strong /> }}
              />
            </span>{' '}
            {t('settings:heartbeat.applies')}
            {!valid && (
              <span className="block text-rose-700 dark:text-rose-400">
                {t('settings:heartbeat.invalid')}
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

/** Each choice with its words (a catalogue key), or none: the value alone says it. */
const QOS_MODES: ReadonlyArray<{ value: QosMode; label?: string }> = [
  { value: 'coap', label: 'settings:qos.coap' },
  { value: 'qos0' },
  { value: 'qos1' },
  { value: 'qos2' },
];

const NOTIFY: ReadonlyArray<{ value: NotifyType; label: string }> = [
  { value: 'qos', label: 'settings:notify.qos' },
  { value: 'con', label: 'settings:notify.con' },
  { value: 'non', label: 'settings:notify.non' },
];

/** gateway-behaviour §1.8–§1.10, §1.13: QoS defaults, notification type, mountpoint. */
export function TopicSettings({ config, apply }: Props) {
  const { t } = useTranslation();
  const [mount, setMount] = useDraft(config.mountpoint);
  const commitMount = () => {
    if (mount !== config.mountpoint)
      apply({ mountpoint: mount }, msg('settings:status.mountpoint', { value: mount }));
  };
  return (
    <Group title={t('settings:topics.group')}>
      <Field
        label={t('settings:notify.label')}
        configKey="notify_type"
        hint={
          <Trans
            i18nKey={config.profile === '5.x' ? 'settings:notify.5x' : 'settings:notify.6x'}
            components={DATA_TAGS}
          />
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
        label={t('settings:publish-qos.label')}
        configKey="publish_qos"
        hint={t('settings:publish-qos.hint')}
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
        label={t('settings:subscribe-qos.label')}
        configKey="subscribe_qos"
        hint={t('settings:subscribe-qos.hint')}
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
        label={t('settings:mountpoint.label')}
        configKey="mountpoint"
        hint={
          <Trans
            i18nKey="settings:mountpoint.hint"
            values={{
              example: 'devices/${clientid}/',
              clientid: '${clientid}',
              username: '${username}',
            }}
            components={DATA_TAGS}
          />
        }
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            type="text"
            value={mount}
            spellCheck={false}
            placeholder={t('settings:mountpoint.none')}
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

const bytes = (n: number, t: TFunction): string =>
  n >= 1024 * 1024 && n % (1024 * 1024) === 0
    ? `${n / (1024 * 1024)} MiB`
    : n >= 1024 && n % 1024 === 0
      ? `${n / 1024} KiB`
      : t('settings:bytes', { n: String(n) });

/** gateway-behaviour §1.12: block-wise transfer (6.x only). */
export function BlockwiseSettings({ config, apply }: Props) {
  const { t } = useTranslation();
  const bw = config.blockwise;
  const [body, setBody] = useDraft(bw.max_body_size);
  const typed = Number(body);
  const valid = Number.isInteger(typed) && typed >= 16;
  const commitBody = () => {
    if (valid && typed !== bw.max_body_size)
      apply(
        { blockwise: { ...bw, max_body_size: typed } },
        msg('settings:status.body', { size: bytes(typed, t) }),
      );
  };
  return (
    <Group title={t('settings:blockwise.group')}>
      <Switch
        label={t('settings:blockwise.enable')}
        configKey="blockwise.enable"
        checked={bw.enable}
        onChange={(v) =>
          apply(
            { blockwise: { ...bw, enable: v } },
            msg('settings:status.set', { key: 'blockwise.enable', value: String(v) }),
          )
        }
        hint={config.profile === '5.x' ? t('settings:blockwise.5x') : t('settings:blockwise.6x')}
      />
      <Field
        label={t('settings:block.label')}
        configKey="blockwise.max_block_size"
        hint={t('settings:block.hint')}
      >
        {({ id, describedBy }) => (
          <select
            id={id}
            value={bw.max_block_size}
            aria-describedby={describedBy}
            onChange={(e) =>
              apply(
                { blockwise: { ...bw, max_block_size: Number(e.target.value) } },
                msg('settings:status.set', {
                  key: 'blockwise.max_block_size',
                  value: e.target.value,
                }),
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
        label={t('settings:body.label')}
        configKey="blockwise.max_body_size"
        hint={
          <>
            {valid
              ? t('settings:body.size', { size: bytes(typed, t) })
              : t('settings:body.invalid')}{' '}
            {t('settings:body.hint')}
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
