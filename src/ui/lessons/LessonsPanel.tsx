import { useId, useMemo, useState } from 'react';
import { create } from 'zustand';
import type { JournalEntry } from '../../sim';
import { button, muted, primaryButton } from '../kit/styles';
import { useDispatch } from '../state/playground';
import { journalRendered, usePlayground } from '../state/store';
import { LESSONS } from './lessons';
import { progress, setupIntents } from './engine';
import type { Lesson, Proof } from './engine';

/** Which lesson runs, kept outside the panel so switching tabs does not lose it. */
interface LessonState {
  lessonId: string;
  /** The world generation before the lesson's reset: the lesson's world is the next one. */
  startedAfter: number | undefined;
  choose: (id: string) => void;
  started: (generation: number) => void;
}

export const useLessonState = create<LessonState>()((set) => ({
  lessonId: LESSONS[0].id,
  startedAfter: undefined,
  choose: (lessonId) => set({ lessonId, startedAfter: undefined }),
  started: (generation) => set({ startedAfter: generation }),
}));

/** The journal of the lesson's world, oldest first (empty until its reset has arrived). */
function useLessonJournal(startedAfter: number | undefined): readonly JournalEntry[] {
  const version = usePlayground((s) => s.journalVersion);
  const generation = usePlayground((s) => s.generation);
  return useMemo(() => {
    void version;
    if (startedAfter === undefined || generation <= startedAfter) return [];
    const ring = usePlayground.getState().journal;
    const out: JournalEntry[] = [];
    for (let i = 0; i < ring.length; i++) out.push(ring.at(i) as JournalEntry);
    return out;
  }, [version, generation, startedAfter]);
}

/**
 * Guided walkthroughs: pick a lesson, start it (a fresh world with the lesson's settings and a
 * client named "device"), and follow its steps; each turns done when the journal shows it was
 * done, and then explains what happened on the wire.
 */
export function LessonsPanel() {
  const ids = useId();
  const { lessonId, startedAfter, choose, started } = useLessonState();
  const lesson = LESSONS.find((l) => l.id === lessonId) ?? LESSONS[0];
  const dispatch = useDispatch();
  const entries = useLessonJournal(startedAfter);
  const proofs = useMemo(() => progress(lesson, entries), [lesson, entries]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const running = startedAfter !== undefined;
  const doneCount = proofs.filter(Boolean).length;

  const run = async (intents: Parameters<typeof dispatch>[0][]) => {
    setBusy(true);
    setError(undefined);
    try {
      for (const i of intents) {
        const r = await dispatch(i);
        if (!r.ok && !/already exists/.test(r.error)) setError(r.error);
      }
      // Until the journal shows what the intents did, the step is not done yet and its button
      // would run it again.
      await journalRendered(500);
    } finally {
      setBusy(false);
    }
  };

  const start = async () => {
    started(usePlayground.getState().generation);
    await run(setupIntents(lesson));
  };

  return (
    <div className="space-y-3" data-testid="lessons">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor={`${ids}-lesson`} className="block text-xs font-medium">
            Lesson
          </label>
          <select
            id={`${ids}-lesson`}
            value={lesson.id}
            onChange={(e) => choose(e.target.value)}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950"
          >
            {LESSONS.map((l, i) => (
              <option key={l.id} value={l.id}>
                {i + 1}. {l.title}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className={primaryButton} onClick={start} disabled={busy}>
          {running ? 'Restart lesson' : 'Start lesson'}
        </button>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">{lesson.summary}</p>
      <p className={muted}>
        Starting resets the playground with <code className="font-mono">{lesson.settings}</code> and
        a simulated client named “device”. Do each step with the composer, the clients panel and the
        clock, or let the step do it for you.
      </p>
      {error && (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {error}
        </p>
      )}
      {running && (
        <p role="status" className="text-sm font-medium" data-testid="lesson-progress">
          {doneCount === lesson.steps.length
            ? `Lesson complete: all ${doneCount} steps done.`
            : `${doneCount} of ${lesson.steps.length} steps done.`}
        </p>
      )}
      <ol className="space-y-2" aria-label={`Steps of ${lesson.title}`}>
        {lesson.steps.map((step, i) => (
          <StepItem
            key={`${lesson.id}-${step.id}`}
            lesson={lesson}
            index={i}
            proof={proofs[i]}
            current={running && !proofs[i] && (i === 0 || !!proofs[i - 1])}
            busy={busy}
            onAction={() => run(step.action?.intents(entries) ?? [])}
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
  const step = lesson.steps[index];
  const selectPacket = usePlayground((s) => s.selectPacket);
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
            {step.title}
            <span className="sr-only">
              {state === 'done' ? ' (done)' : state === 'current' ? ' (to do now)' : ' (pending)'}
            </span>
          </p>
          {!proof && (
            <p className="text-sm text-slate-700 dark:text-slate-300">{step.instruction}</p>
          )}
          {current && step.action && (
            <button
              type="button"
              className={`${button} text-xs`}
              onClick={onAction}
              disabled={busy}
            >
              Do it for me: {step.action.label}
            </button>
          )}
          {proof && (
            <div className="space-y-1">
              <p
                className="text-sm text-emerald-950 dark:text-emerald-100"
                data-testid="lesson-explanation"
              >
                {step.explanation}
              </p>
              {proof.packet !== undefined && (
                <button
                  type="button"
                  className={`${button} text-xs`}
                  onClick={() => selectPacket(proof.packet)}
                >
                  Show the packet (#{proof.packet})
                </button>
              )}
            </div>
          )}
        </div>
      </div>
    </li>
  );
}
