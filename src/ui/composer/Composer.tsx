import { useId, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { WorldSnapshot } from '../../worker/api';
import { mono, primaryButton } from '../kit/styles';
import { endpointKey } from '../../wire/endpoint';
import { useDispatch, useSnapshot } from '../state/playground';
import { BytesPreview } from './BytesPreview';
import { ClientPicker } from './ClientPicker';
import { CommandBox } from './CommandBox';
import { PayloadField, TokenField } from './Fields';
import { SendOutcome } from './SendOutcome';
import type { SendResult } from './SendOutcome';
import { toCoapClientCommand } from './coap-client-command';
import { Field, Messages, Segmented, SectionTitle, select } from '../kit/controls';
import { CONTENT_FORMAT_CHOICES, DEFAULT_FORM, METHODS, compile } from './form';
import type { ComposerForm, ObserveChoice } from './form';
import { splitPasted } from './params';
import { Presets } from './Presets';
import { PRESET_CLIENT_ID, presetToken } from './presets';
import { useSwitchMode } from './mode-switch';
import { usePlayground } from '../state/store';
import { QueryBuilder } from './QueryBuilder';
import { previewRequest } from './preview';
import { TargetPicker, serverUnavailable } from './TargetPicker';
import { parseServerTarget } from './target';
import type { TargetChoice } from './target';

/** Where `npm start`'s relay listens by default; the attached relay's own address wins. */
export const RELAY = { host: '127.0.0.1', port: 5683 } as const;

const PATH_SUGGESTIONS = [
  'ps/coap/test',
  'mqtt/connection',
  'ps/coap/%23',
  'ps/coap/+/temperature',
];

/**
 * What the composer shows of the world: none of it moves while traffic flows (the clients'
 * exchanges and the channels' timers do), so a flood does not render the composer again.
 */
const composerView = (s: WorldSnapshot) => ({
  clients: s.coapClients.map(({ name, endpoint }) => ({ name, endpoint })),
  // The relay as far as sending uses it: attached (where, and where it may send to) or not. Its
  // retry countdown while it is away does not concern the composer.
  relay: s.relay.state === 'attached' ? s.relay : undefined,
  connectionRequired: s.config.connection_required,
  presetToken: presetToken(s.channels, s.closed, PRESET_CLIENT_ID),
});

/**
 * Composes a request from a simulated CoAP client: method, type, path, query, Observe, token,
 * Content-Format and payload, with the bytes and a coap-client command shown before it is sent.
 * `latest` goes under Send, in the bar that stays on screen (the narrow page's newest packet).
 */
export function Composer({ latest }: { latest?: ReactNode } = {}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const snapshot = useSnapshot(composerView);
  const dispatch = useDispatch();
  const ids = useId();
  const [form, setForm] = useState<ComposerForm>(DEFAULT_FORM);
  const [chosen, setChosen] = useState<string>();
  const [sent, setSent] = useState<SendResult & { generation: number }>();
  const generation = usePlayground((s) => s.generation);
  // What the last send did, in this world only: a reset (a lesson, a mode switch) took its
  // client and exchange with it.
  const result = sent?.generation === generation ? sent : undefined;
  const setResult = (r: SendResult | undefined) =>
    setSent(r && { ...r, generation: usePlayground.getState().generation });
  const switchMode = useSwitchMode();
  const [busy, setBusy] = useState(false);
  const [targetChoice, setTargetChoice] = useState<TargetChoice>('gateway');
  const [serverText, setServerText] = useState('coap://127.0.0.1:5683');

  const clients = snapshot?.clients ?? [];
  const client = clients.find((c) => c.name === chosen)?.name ?? clients[0]?.name;
  const set = (patch: Partial<ComposerForm>) => setForm((f) => ({ ...f, ...patch }));

  // Their words are in the page's language: a switch computes them again.
  const compiled = useMemo(() => compile(form, language), [form, language]);
  const preview = useMemo(
    () => (compiled.spec ? previewRequest(compiled.spec, language) : undefined),
    [compiled, language],
  );
  const relayState = snapshot?.relay;
  const relay =
    relayState?.state === 'attached'
      ? { host: relayState.coap.address, port: relayState.coap.port }
      : RELAY;
  // A real server, when chosen and the relay can reach it: the request goes there instead.
  const toServer = targetChoice === 'server' && serverUnavailable(relayState) === undefined;
  const target = toServer ? parseServerTarget(serverText) : undefined;
  const { host: relayHost, port: relayPort } =
    target?.ok === true ? { host: target.endpoint.address, port: target.endpoint.port } : relay;
  const command = useMemo(
    () =>
      compiled.spec
        ? toCoapClientCommand(compiled.spec, { host: relayHost, port: relayPort }, language)
        : undefined,
    [compiled, relayHost, relayPort, language],
  );

  const blockers = [
    ...(snapshot && !client ? [t('composer:blocked.no-client')] : []),
    ...compiled.errors,
    ...(target && !target.ok ? [target.error] : []),
    ...(preview && !preview.ok ? [preview.error] : []),
  ];

  const addClient = async () => {
    const r = await dispatch({ type: 'add-coap-client' });
    if (r.ok && r.detail) setChosen(r.detail);
    else if (!r.ok) setResult({ ok: false, error: r.error });
  };

  const send = async () => {
    if (!client || !compiled.spec) return;
    setBusy(true);
    try {
      const to = target?.ok ? target.endpoint : undefined;
      const r = await dispatch({ type: 'send', client, spec: compiled.spec, target: to });
      setResult(
        r.ok
          ? {
              ok: true,
              client,
              server: to ? endpointKey(to) : undefined,
              token: r.detail,
            }
          : { ok: false, error: r.error },
      );
    } finally {
      setBusy(false);
    }
  };

  const onPath = (value: string) => {
    if (value.includes('?') || /^coaps?:\/\//i.test(value.trim())) {
      const pasted = splitPasted(value);
      set({
        path: pasted.path,
        ...(pasted.entries.length
          ? {
              params: pasted.entries.map((e, i) => ({ id: i + 1, ...e })),
              shortNames: form.shortNames || pasted.usedShortNames,
            }
          : {}),
      });
    } else set({ path: value });
  };

  const reasonId = `${ids}-reason`;

  return (
    <form
      className="space-y-4"
      aria-label={t('composer:form')}
      onSubmit={(e) => {
        e.preventDefault();
        if (!blockers.length) void send();
      }}
    >
      <Presets
        gatewayMode={
          snapshot ? (snapshot.connectionRequired ? 'connection' : 'connectionless') : undefined
        }
        token={snapshot?.presetToken}
        shortNames={form.shortNames}
        onSwitchMode={switchMode}
        onLoad={(f) => {
          setForm(f);
          setResult(undefined);
        }}
      />

      <section className="space-y-3" aria-labelledby={`${ids}-request`}>
        <SectionTitle id={`${ids}-request`}>{t('composer:section.request')}</SectionTitle>
        <ClientPicker
          clients={clients}
          value={client}
          onChange={setChosen}
          onAdd={addClient}
          loading={!snapshot}
        />

        <TargetPicker
          choice={targetChoice}
          server={serverText}
          relay={relayState}
          error={target && !target.ok ? target.error : undefined}
          onChoice={setTargetChoice}
          onServer={setServerText}
        />

        <div className="flex flex-wrap items-end gap-3">
          <Field label={t('composer:method')} htmlFor={`${ids}-method`} className="w-28">
            <select
              id={`${ids}-method`}
              value={form.method}
              onChange={(e) => set({ method: e.target.value as ComposerForm['method'] })}
              className={select}
            >
              {METHODS.map((m) => (
                <option key={m}>{m}</option>
              ))}
            </select>
          </Field>
          <Segmented
            legend={t('composer:type')}
            value={form.confirmable ? 'CON' : 'NON'}
            onChange={(v) => set({ confirmable: v === 'CON' })}
            options={[
              {
                value: 'CON',
                label: 'CON',
                title: t('composer:type.con'),
              },
              { value: 'NON', label: 'NON', title: t('composer:type.non') },
            ]}
          />
        </div>

        <Field
          label={t('composer:path')}
          htmlFor={`${ids}-path`}
          hint={
            compiled.topic !== undefined ? (
              compiled.topic ? (
                <Trans
                  i18nKey="composer:path.topic"
                  components={{
                    topic: (
                      <span translate="no" className="font-mono text-slate-800 dark:text-slate-200">
                        {compiled.topic}
                      </span>
                    ),
                    code: <span translate="no" className="font-mono" />,
                  }}
                />
              ) : (
                <Trans
                  i18nKey="composer:path.topic-empty"
                  components={{
                    topic: <span className="font-mono text-slate-800 dark:text-slate-200" />,
                    code: <span translate="no" className="font-mono" />,
                  }}
                />
              )
            ) : (
              <Trans
                i18nKey="composer:path.hint"
                values={{ pattern: 'ps/{topic}' }}
                components={{ code: <span translate="no" className="font-mono" /> }}
              />
            )
          }
        >
          <div className="flex items-center rounded-md focus-within:ring-2 focus-within:ring-sky-500">
            <span
              className={`${mono} rounded-l-md border border-r-0 border-slate-300 bg-slate-100 px-1.5 py-1 text-slate-600 dark:border-slate-700 dark:bg-slate-800 dark:text-slate-400`}
            >
              /
            </span>
            <input
              id={`${ids}-path`}
              translate="no"
              value={form.path}
              list={`${ids}-paths`}
              onChange={(e) => onPath(e.target.value)}
              className="w-full min-w-0 rounded-r-md border border-slate-300 bg-white px-2 py-1 font-mono text-[13px] text-slate-900 focus:border-sky-500 focus:outline-none dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
              spellCheck={false}
              autoComplete="off"
            />
            <datalist id={`${ids}-paths`}>
              {PATH_SUGGESTIONS.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
          </div>
        </Field>

        <QueryBuilder
          params={form.params}
          shortNames={form.shortNames}
          onChange={(params) => set({ params })}
          onShortNames={(shortNames) => set({ shortNames })}
        />

        <div className="grid grid-cols-2 gap-3">
          <Field label="Observe" htmlFor={`${ids}-observe`}>
            <select
              id={`${ids}-observe`}
              value={form.observe}
              onChange={(e) => set({ observe: e.target.value as ObserveChoice })}
              className={select}
            >
              <option value="none">{t('composer:observe.none')}</option>
              <option value="0">{t('composer:observe.register')}</option>
              <option value="1">{t('composer:observe.deregister')}</option>
            </select>
          </Field>
          <Field label="Content-Format" htmlFor={`${ids}-cf`}>
            <select
              id={`${ids}-cf`}
              value={form.contentFormat ?? ''}
              onChange={(e) =>
                set({ contentFormat: e.target.value === '' ? undefined : Number(e.target.value) })
              }
              className={select}
            >
              <option value="">{t('composer:content-format.none')}</option>
              {CONTENT_FORMAT_CHOICES.map((c) => (
                <option key={c.value} value={c.value} translate="no">
                  {c.label}
                </option>
              ))}
            </select>
          </Field>
        </div>

        <TokenField
          id={`${ids}-token`}
          mode={form.tokenMode}
          value={form.token}
          error={compiled.tokenError}
          onChange={(tokenMode, token) => set({ tokenMode, token })}
        />

        <PayloadField
          id={`${ids}-payload`}
          mode={form.payloadMode}
          value={form.payload}
          error={compiled.payloadError}
          onChange={(payloadMode, payload) => set({ payloadMode, payload })}
        />
      </section>

      <section className="space-y-2" aria-labelledby={`${ids}-preview`}>
        <SectionTitle id={`${ids}-preview`}>{t('composer:section.preview')}</SectionTitle>
        <p
          data-testid="composer-summary"
          translate="no"
          className={`${mono} wrap-anywhere text-slate-800 dark:text-slate-200`}
        >
          {compiled.summary}
        </p>
        {preview?.ok && <BytesPreview preview={preview.preview} />}
        <Messages warnings={compiled.warnings} />
      </section>

      {/* The action bar: its containing block is the whole form, so while any of the form is on
          screen it stays at the bottom of its scroller (the column, or the page when narrow). */}
      <div
        data-testid="composer-actions"
        className="sticky bottom-0 z-10 -mx-4 space-y-2 border-t border-slate-200 bg-white px-4 py-2.5 dark:border-slate-800 dark:bg-slate-900"
      >
        <div className="flex flex-wrap items-center gap-3">
          <button
            type="submit"
            className={primaryButton}
            disabled={blockers.length > 0 || busy || !snapshot}
            aria-describedby={blockers.length ? reasonId : undefined}
          >
            {client ? (
              <Trans
                i18nKey="composer:send-from"
                components={{ client: <span translate="no">{client}</span> }}
              />
            ) : (
              t('composer:send')
            )}
          </button>
          {blockers.length > 0 && (
            <div id={reasonId} data-testid="send-blocked" className="min-w-0 flex-1">
              <span className="sr-only">{t('composer:blocked.label')}</span>
              <Messages errors={blockers} />
            </div>
          )}
        </div>
        {latest}
      </div>

      <div className="space-y-2">
        <SendOutcome result={result} />
        <CommandBox
          command={command}
          relay={`${relayHost}:${relayPort}`}
          server={target?.ok === true}
        />
      </div>
    </form>
  );
}
