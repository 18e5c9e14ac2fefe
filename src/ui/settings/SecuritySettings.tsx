import { Trans, useTranslation } from 'react-i18next';
import type { GatewayConfig, User } from '../../gateway';
import { msg } from '../../wire/msg';
import type { Apply } from './apply';
import { AddButton, RemoveButton, useRows } from './RowsEditor';
import { Field, Group, fieldInput, hint } from './fields';
import { DATA_TAGS } from '../i18n/MsgText';

type Deny = GatewayConfig['deny'][number];

interface Props {
  config: GatewayConfig;
  apply: Apply;
}

const small = `${fieldInput} py-0.5 font-mono text-[13px]`;
const smallSelect = small.replace('w-full', 'w-28 shrink-0').replace('font-mono', 'font-sans');

/** gateway-behaviour §1.4, §1.5, §1.13: security profile, the authenticator and the deny list. */
export function SecuritySettings({ config, apply }: Props) {
  const { t } = useTranslation();
  const auth = config.authentication;
  return (
    <Group title={t('settings:security.group')}>
      <Field
        label={t('settings:security.profile')}
        configKey="security_profile"
        hint={
          <Trans
            i18nKey={
              config.security_profile === 'hardened'
                ? 'settings:security.hardened'
                : 'settings:security.legacy'
            }
            components={DATA_TAGS}
          />
        }
      >
        {({ id, describedBy }) => (
          <select
            id={id}
            value={config.security_profile}
            aria-describedby={describedBy}
            onChange={(e) =>
              apply(
                { security_profile: e.target.value as GatewayConfig['security_profile'] },
                msg('settings:status.set', { key: 'security_profile', value: e.target.value }),
              )
            }
            className={fieldInput}
          >
            <option value="legacy" translate="no">
              legacy
            </option>
            <option value="hardened" translate="no">
              hardened
            </option>
          </select>
        )}
      </Field>

      <fieldset className="space-y-2">
        <legend className="flex w-full items-baseline justify-between gap-2">
          <span className="text-sm font-medium text-slate-800 dark:text-slate-200">
            {t('settings:auth.legend')}
          </span>
          <span translate="no" className="font-mono text-[11px] text-slate-600 dark:text-slate-400">
            authentication
          </span>
        </legend>
        <div className="flex gap-4 text-sm">
          {(['none', 'users'] as const).map((type) => (
            <label key={type} className="flex cursor-pointer items-center gap-1.5">
              <input
                type="radio"
                name="authentication"
                value={type}
                checked={auth.type === type}
                onChange={() =>
                  apply(
                    type === 'none'
                      ? { authentication: { type: 'none' } }
                      : {
                          authentication: {
                            type: 'users',
                            users: [{ username: 'admin', password: 'public' }],
                          },
                        },
                    msg(
                      type === 'none' ? 'settings:status.auth-none' : 'settings:status.auth-users',
                    ),
                  )
                }
                className="accent-sky-600"
              />
              {type === 'none' ? t('settings:auth.none') : t('settings:auth.users')}
            </label>
          ))}
        </div>
        {auth.type === 'users' && (
          <UsersEditor
            users={auth.users}
            commit={(users) =>
              apply(
                { authentication: { type: 'users', users } },
                msg('settings:status.users', { n: users.length }),
              )
            }
          />
        )}
        <p className={hint}>
          <Trans i18nKey="settings:auth.hint" components={DATA_TAGS} />
        </p>
      </fieldset>

      <DenyEditor
        deny={config.deny}
        commit={(deny) => apply({ deny }, msg('settings:status.deny', { n: deny.length }))}
      />
    </Group>
  );
}

function UsersEditor({ users, commit }: { users: User[]; commit: (users: User[]) => void }) {
  const { t } = useTranslation();
  const list = useRows(users, (u) => u.username !== '', commit);
  return (
    <div className="space-y-1.5 rounded-md bg-slate-50 p-2 dark:bg-slate-800/50">
      <p className="text-xs text-amber-900 dark:text-amber-200">{t('settings:users.warning')}</p>
      {list.rows.length === 0 && (
        <p className="text-xs text-rose-700 dark:text-rose-400">{t('settings:users.none')}</p>
      )}
      <ul className="space-y-1.5" aria-label={t('settings:users.list')}>
        {list.rows.map((r, i) => (
          <li key={r.key} className="flex items-center gap-1.5">
            <input
              aria-label={t('settings:users.username', { n: String(i + 1) })}
              placeholder={t('settings:users.username-placeholder')}
              spellCheck={false}
              value={r.value.username}
              onChange={(e) => list.update(r.key, { ...r.value, username: e.target.value })}
              onBlur={list.flush}
              className={small}
            />
            <input
              aria-label={t('settings:users.password', { n: String(i + 1) })}
              placeholder={t('settings:users.password-placeholder')}
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={r.value.password}
              onChange={(e) => list.update(r.key, { ...r.value, password: e.target.value })}
              onBlur={list.flush}
              className={small}
            />
            <RemoveButton
              label={t('settings:users.remove', { name: r.value.username || String(i + 1) })}
              onClick={() => list.remove(r.key)}
            />
          </li>
        ))}
      </ul>
      <AddButton onClick={() => list.add({ username: '', password: '' })}>
        {t('settings:users.add')}
      </AddButton>
      <p className={hint}>
        <Trans i18nKey="settings:users.hint" components={DATA_TAGS} />
      </p>
    </div>
  );
}

const ACTIONS: ReadonlyArray<Deny['action']> = ['publish', 'subscribe', 'all'];

function DenyEditor({ deny, commit }: { deny: Deny[]; commit: (deny: Deny[]) => void }) {
  const { t } = useTranslation();
  const list = useRows(deny, (d) => d.topic !== '', commit);
  return (
    <fieldset className="space-y-2">
      <legend className="flex w-full items-baseline justify-between gap-2">
        <span className="text-sm font-medium text-slate-800 dark:text-slate-200">
          {t('settings:deny.legend')}
        </span>
        <span translate="no" className="font-mono text-[11px] text-slate-600 dark:text-slate-400">
          deny
        </span>
      </legend>
      {list.rows.length === 0 ? (
        <p className={hint}>{t('settings:deny.none')}</p>
      ) : (
        <ul className="space-y-1.5" aria-label={t('settings:deny.list')}>
          {list.rows.map((r, i) => (
            <li key={r.key} className="flex items-center gap-1.5">
              <select
                aria-label={t('settings:deny.action', { n: String(i + 1) })}
                value={r.value.action}
                onChange={(e) =>
                  list.updateNow(r.key, { ...r.value, action: e.target.value as Deny['action'] })
                }
                className={smallSelect}
              >
                {ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {t(`settings:deny.action.${a}`)}
                  </option>
                ))}
              </select>
              <input
                aria-label={t('settings:deny.topic', { n: String(i + 1) })}
                placeholder={t('settings:deny.topic-placeholder')}
                spellCheck={false}
                value={r.value.topic}
                onChange={(e) => list.update(r.key, { ...r.value, topic: e.target.value })}
                onBlur={list.flush}
                className={small}
              />
              <RemoveButton
                label={t('settings:deny.remove', { n: String(i + 1) })}
                onClick={() => list.remove(r.key)}
              />
            </li>
          ))}
        </ul>
      )}
      <AddButton onClick={() => list.add({ action: 'publish', topic: '' })}>
        {t('settings:deny.add')}
      </AddButton>
      <p className={hint}>{t('settings:deny.hint')}</p>
    </fieldset>
  );
}
