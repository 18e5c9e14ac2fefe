import { useId } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { button, muted, primaryButton } from '../kit/styles';
import { useDispatch } from '../state/playground';
import { usePlayground } from '../state/store';
import { useViews } from '../state/views';
import { packetIndex } from '../packets/packets-store';
import { meaningText } from '../packets/meaning-text';
import { LESSONS } from './lessons';
import { MsgText } from '../i18n/MsgText';
import type { Lesson, Proof } from './engine';
import { runLessonIntents, startLesson, useLessonProgress, useLessonState } from './runner';
import { lessonKey, stepKey, stepValues } from './words';
import { LESSON_CLIENT } from './engine';

/** Wire data inside a lesson's words: shown as sent, and left alone by translators. */
const DATA = {
  c: <code translate="no" className="font-mono text-[0.92em] [overflow-wrap:anywhere]" />,
};

/**
 * Guided walkthroughs: pick a lesson, start it (a fresh world with the lesson's settings and a
 * client named "device"), and follow its steps; each turns done when the journal shows it was
 * done, and then explains what happened on the wire.
 */
export function LessonsPanel() {
  const { t } = useTranslation();
  const ids = useId();
  const choose = useLessonState((s) => s.choose);
  const busy = useLessonState((s) => s.busy);
  const error = useLessonState((s) => s.error);
  const { lesson, running, entries, proofs } = useLessonProgress();
  const dispatch = useDispatch();
  const doneCount = proofs.filter(Boolean).length;

  return (
    <div className="space-y-3" data-testid="lessons">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${ids}-lesson`} className="block text-xs font-medium">
            {t('lessons:panel.lesson')}
          </label>
          <select
            id={`${ids}-lesson`}
            value={lesson.id}
            onChange={(e) => choose(e.target.value)}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            {LESSONS.map((l, i) => (
              <option key={l.id} value={l.id}>
                {i + 1}. {t(lessonKey(l, 'title'))}
              </option>
            ))}
          </select>
        </div>
        <button
          type="button"
          className={primaryButton}
          onClick={() => void startLesson(dispatch, lesson.id)}
          disabled={busy}
        >
          {running ? t('lessons:panel.restart') : t('lessons:panel.start')}
        </button>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        {t(lessonKey(lesson, 'summary'))}
      </p>
      <p className={muted}>
        <Trans
          i18nKey="lessons:panel.intro"
          values={{ settings: lesson.settings, client: LESSON_CLIENT }}
          components={{
            c: <code translate="no" className="font-mono [overflow-wrap:anywhere]" />,
            d: <span translate="no" />,
          }}
        />
      </p>
      {error && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          <MsgText m={error} />
        </p>
      )}
      {running && (
        <p role="status" className="text-sm font-medium" data-testid="lesson-progress">
          {doneCount === lesson.steps.length
            ? t('lessons:panel.complete', { total: doneCount })
            : t('lessons:panel.progress', { done: doneCount, total: lesson.steps.length })}
        </p>
      )}
      <ol
        className="space-y-2"
        aria-label={t('lessons:panel.steps-of', { title: t(lessonKey(lesson, 'title')) })}
      >
        {lesson.steps.map((step, i) => (
          <StepItem
            key={`${lesson.id}-${step.id}`}
            lesson={lesson}
            index={i}
            proof={proofs[i]}
            current={running && !proofs[i] && (i === 0 || !!proofs[i - 1])}
            busy={busy}
            onAction={() => void runLessonIntents(dispatch, step.action?.intents(entries) ?? [])}
          />
        ))}
      </ol>
    </div>
  );
}

function StepItem({
  lesson,
  index,
  proof,
  current,
  busy,
  onAction,
}: {
  lesson: Lesson;
  index: number;
  proof: Proof | undefined;
  current: boolean;
  busy: boolean;
  onAction: () => void;
}) {
  const { t } = useTranslation();
  const step = lesson.steps[index];
  const values = stepValues(t, step);
  const words = (part: 'title' | 'instruction' | 'explanation' | 'action') => (
    <Trans i18nKey={stepKey(lesson, step, part)} values={values} components={DATA} />
  );
  const state = proof ? 'done' : current ? 'current' : 'pending';
  return (
    <li
      data-testid="lesson-step"
      data-state={state}
      aria-current={current ? 'step' : undefined}
      className={`rounded-lg border px-3 py-2 ${
        state === 'done'
          ? 'border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/40'
          : state === 'current'
            ? 'border-sky-400 bg-white dark:border-sky-600 dark:bg-slate-900'
            : 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900'
      }`}
    >
      <div className="flex items-start gap-2">
        <span
          aria-hidden="true"
          className={`mt-0.5 inline-flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${
            state === 'done'
              ? 'bg-emerald-700 text-white'
              : state === 'current'
                ? 'bg-sky-700 text-white'
                : 'bg-slate-200 text-slate-700 dark:bg-slate-700 dark:text-slate-200'
          }`}
        >
          {state === 'done' ? '✓' : index + 1}
        </span>
        <div className="min-w-0 flex-1 space-y-1">
          <p className="text-sm font-semibold">
            {words('title')}
            <span className="sr-only">
              {' '}
              {state === 'done'
                ? t('lessons:step.done')
                : state === 'current'
                  ? t('lessons:step.current')
                  : t('lessons:step.pending')}
            </span>
          </p>
          {!proof && (
            <p className="text-sm text-slate-700 dark:text-slate-300">{words('instruction')}</p>
          )}
          {current && step.action && (
            <button
              type="button"
              className={`${button} text-xs`}
              onClick={onAction}
              disabled={busy}
            >
              <Trans
                i18nKey="lessons:step.do-it"
                components={{ label: <span>{words('action')}</span> }}
              />
            </button>
          )}
          {proof && (
            <div className="space-y-1">
              <p
                className="text-sm text-emerald-950 dark:text-emerald-100"
                data-testid="lesson-explanation"
              >
                {words('explanation')}
              </p>
              <ProofPacket seq={proof.packet} />
            </div>
          )}
        </div>
      </div>
    </li>
  );
}

/**
 * The datagram that proved a step: what the world recorded it meant (the same words as the packet
 * log's), and a button that shows it in the log, numbered as the log numbers it.
 */
function ProofPacket({ seq }: { seq: number | undefined }) {
  const { t } = useTranslation();
  const selectPacket = usePlayground((s) => s.selectPacket);
  const showPacket = useViews((s) => s.showPacket);
  // Re-read as the journal grows: a request's meaning gains its outcome when the reply arrives.
  usePlayground((s) => s.journalVersion);
  const row = seq === undefined ? undefined : packetIndex.bySeq(seq);
  if (seq === undefined || !row) return null;
  return (
    <>
      <p
        className="text-xs text-emerald-950 dark:text-emerald-100"
        data-testid="lesson-packet-meaning"
      >
        {t('lessons:proof.packet', { n: String(packetIndex.numberOf(row)) })}{' '}
        <span className="font-mono">{meaningText(row)}</span>
      </p>
      <button
        type="button"
        className={`${button} text-xs`}
        onClick={() => showPacket(seq, selectPacket)}
      >
        {t('lessons:proof.show', { n: String(packetIndex.numberOf(row)) })}
      </button>
    </>
  );
}
