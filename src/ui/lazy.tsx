// The tabs that are not open on first load, each in a chunk of its own: the first paint waits for
// the composer, the packet log and the connections only, not for the sequence diagram, the
// decoder, the side-by-side comparison, the operator view, topics, settings or lessons.
import { Suspense, lazy } from 'react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A named export of a lazily loaded module, shown with a quiet line while its chunk loads;
 * `loading` is that line's message id.
 */
function deferred<P extends object>(
  load: () => Promise<ComponentType<P>>,
  loading: string,
): ComponentType<P> {
  const Lazy = lazy(async () => ({ default: await load() }));
  function Deferred(props: P) {
    const { t } = useTranslation();
    return (
      <Suspense
        fallback={
          <p role="status" className="text-xs text-slate-600 dark:text-slate-400">
            {t(loading)}
          </p>
        }
      >
        <Lazy {...props} />
      </Suspense>
    );
  }
  Deferred.displayName = `Deferred(${loading})`;
  return Deferred;
}

export const Operator = deferred(
  () => import('./operator/Operator').then((m) => m.Operator),
  'shell:loading.operator',
);
export const SequenceView = deferred(
  () => import('./packets/sequence/SequenceView').then((m) => m.SequenceView),
  'shell:loading.sequence',
);
export const DecodePanel = deferred(
  () => import('./packets/decode/DecodePanel').then((m) => m.DecodePanel),
  'shell:loading.decode',
);
export const SideBySide = deferred(
  () => import('./compare/SideBySide').then((m) => m.SideBySide),
  'shell:loading.compare',
);
export const Topics = deferred(
  () => import('./topics/Topics').then((m) => m.Topics),
  'shell:loading.topics',
);
export const Settings = deferred(
  () => import('./settings/Settings').then((m) => m.Settings),
  'shell:loading.settings',
);
export const LessonsPanel = deferred(
  () => import('./lessons/LessonsPanel').then((m) => m.LessonsPanel),
  'shell:loading.lessons',
);
