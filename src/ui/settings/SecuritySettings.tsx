import type { GatewayConfig, User } from '../../gateway';
import type { Apply } from './apply';
import { AddButton, RemoveButton, useRows } from './RowsEditor';
import { Field, Group, fieldInput, hint } from './fields';

type Deny = GatewayConfig['deny'][number];

interface Props {
  config: GatewayConfig;
  apply: Apply;
}

const small = `${fieldInput} py-0.5 font-mono text-[13px]`;
const smallSelect = small.replace('w-full', 'w-28 shrink-0').replace('font-mono', 'font-sans');

/** gateway-behaviour §1.4, §1.5, §1.13: security profile, the authenticator and the deny list. */
export function SecuritySettings({ config, apply }: Props) {
  const auth = config.authentication;
  return (
    <Group title="Security">
      <Field
        label="Security profile"
        configKey="security_profile"
        hint={
          config.security_profile === 'hardened'
            ? 'hardened: connectionless pub/sub is rejected with 4.01 unless an authenticator accepts it (§1.5).'
            : 'legacy (default): connectionless pub/sub is allowed when no authenticator is configured (§1.5).'
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
                `security_profile = ${e.target.value}`,
              )
            }
            className={fieldInput}
          >
            <option value="legacy">legacy</option>
            <option value="hardened">hardened</option>
          </select>
        )}
      </Field>

      <fieldset className="space-y-2">
        <legend className="flex w-full items-baseline justify-between gap-2">
          <span className="text-sm font-medium text-slate-800 dark:text-slate-200">
            Authentication
          </span>
          <span className="font-mono text-[11px] text-slate-600 dark:text-slate-400">
            authentication
          </span>
        </legend>
        <div className="flex gap-4 text-sm">
          {(['none', 'users'] as const).map((t) => (
            <label key={t} className="flex cursor-pointer items-center gap-1.5">
              <input
                type="radio"
                name="authentication"
                value={t}
                checked={auth.type === t}
                onChange={() =>
                  apply(
                    t === 'none'
                      ? { authentication: { type: 'none' } }
                      : {
                          authentication: {
                            type: 'users',
                            users: [{ username: 'admin', password: 'public' }],
                          },
                        },
                    t === 'none' ? 'no authentication' : 'authentication by a users list',
                  )
                }
                className="accent-sky-600"
              />
              {t === 'none' ? 'None (anyone may connect)' : 'Users list'}
            </label>
          ))}
        </div>
        {auth.type === 'users' && (
          <UsersEditor
            users={auth.users}
            commit={(users) =>
              apply(
                { authentication: { type: 'users', users } },
                `${users.length} ${users.length === 1 ? 'user' : 'users'}`,
              )
            }
          />
        )}
        <p className={hint}>
          Checked at POST /mqtt/connection from the u / p query (failure: 4.00 Login Failed:
          not_authorized, and the channel closes) and, in 6.x connectionless mode, on every ps/
          request (4.01).
        </p>
      </fieldset>

      <DenyEditor
        deny={config.deny}
        commit={(deny) =>
          apply({ deny }, `${deny.length} deny ${deny.length === 1 ? 'rule' : 'rules'}`)
        }
      />
    </Group>
  );
}

function UsersEditor({ users, commit }: { users: User[]; commit: (users: User[]) => void }) {
  const list = useRows(users, (u) => u.username !== '', commit);
  return (
    <div className="space-y-1.5 rounded-md bg-slate-50 p-2 dark:bg-slate-800/50">
      <p className="text-xs text-amber-900 dark:text-amber-200">
        Passwords are shown as plain text and go into the page link: this is a simulator, so never
        type a real one.
      </p>
      {list.rows.length === 0 && (
        <p className="text-xs text-rose-700 dark:text-rose-400">No users: every login fails.</p>
      )}
      <ul className="space-y-1.5" aria-label="Users">
        {list.rows.map((r, i) => (
          <li key={r.key} className="flex items-center gap-1.5">
            <input
              aria-label={`Username ${i + 1}`}
              placeholder="username"
              spellCheck={false}
              value={r.value.username}
              onChange={(e) => list.update(r.key, { ...r.value, username: e.target.value })}
              onBlur={list.flush}
              className={small}
            />
            <input
              aria-label={`Password ${i + 1}`}
              placeholder="password"
              type="text"
              spellCheck={false}
              autoComplete="off"
              value={r.value.password}
              onChange={(e) => list.update(r.key, { ...r.value, password: e.target.value })}
              onBlur={list.flush}
              className={small}
            />
            <RemoveButton
              label={`Remove user ${r.value.username || i + 1}`}
              onClick={() => list.remove(r.key)}
            />
          </li>
        ))}
      </ul>
      <AddButton onClick={() => list.add({ username: '', password: '' })}>Add user</AddButton>
      <p className={hint}>
        A user may not contain <code className="font-mono">,</code> and a username no{' '}
        <code className="font-mono">:</code> (the link writes them as name:password pairs).
      </p>
    </div>
  );
}

const ACTIONS: ReadonlyArray<Deny['action']> = ['publish', 'subscribe', 'all'];

function DenyEditor({ deny, commit }: { deny: Deny[]; commit: (deny: Deny[]) => void }) {
  const list = useRows(deny, (d) => d.topic !== '', commit);
  return (
    <fieldset className="space-y-2">
      <legend className="flex w-full items-baseline justify-between gap-2">
        <span className="text-sm font-medium text-slate-800 dark:text-slate-200">
          Authorization: deny
        </span>
        <span className="font-mono text-[11px] text-slate-600 dark:text-slate-400">deny</span>
      </legend>
      {list.rows.length === 0 ? (
        <p className={hint}>Nothing denied: every publish and subscribe is allowed.</p>
      ) : (
        <ul className="space-y-1.5" aria-label="Deny rules">
          {list.rows.map((r, i) => (
            <li key={r.key} className="flex items-center gap-1.5">
              <select
                aria-label={`Action of rule ${i + 1}`}
                value={r.value.action}
                onChange={(e) =>
                  list.updateNow(r.key, { ...r.value, action: e.target.value as Deny['action'] })
                }
                className={smallSelect}
              >
                {ACTIONS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
              <input
                aria-label={`Topic filter of rule ${i + 1}`}
                placeholder="topic filter, e.g. admin/#"
                spellCheck={false}
                value={r.value.topic}
                onChange={(e) => list.update(r.key, { ...r.value, topic: e.target.value })}
                onBlur={list.flush}
                className={small}
              />
              <RemoveButton label={`Remove rule ${i + 1}`} onClick={() => list.remove(r.key)} />
            </li>
          ))}
        </ul>
      )}
      <AddButton onClick={() => list.add({ action: 'publish', topic: '' })}>
        Add deny rule
      </AddButton>
      <p className={hint}>
        Checked on the topic before the mountpoint is added; a match answers 4.01 Unauthorized
        (§1.13). Filters may use + and #. Deny rules are not part of the page link.
      </p>
    </fieldset>
  );
}
