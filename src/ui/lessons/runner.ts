import { useMemo } from 'react';
import { create } from 'zustand';
import type { JournalEntry } from '../../sim';
import type { Intent, IntentResult } from '../../worker/api';
import { journalRendered, usePlayground } from '../state/store';
import { LESSONS } from './lessons';
import { progress, setupIntents } from './engine';
import type { Lesson, Proof } from './engine';
import type { Msg } from '../../wire/msg';

type Dispatch = (intent: Intent) => Promise<IntentResult>;

/** Which lesson runs, kept outside the panel so switching tabs (or the welcome) can start one. */
interface LessonState {
  lessonId: string;
  /** The world generation before the lesson's reset: the lesson's world is the next one. */
  startedAfter: number | undefined;
  busy: boolean;
  /** Why the last action failed, said in the page's language when shown. */
  error: Msg | undefined;
  choose: (id: string) => void;
}

export const useLessonState = create<LessonState>()((set) => ({
  lessonId: LESSONS[0].id,
  startedAfter: undefined,
  busy: false,
  error: undefined,
  choose: (lessonId) => set({ lessonId, startedAfter: undefined, error: undefined }),
}));

export const lessonById = (id: string): Lesson | undefined => LESSONS.find((l) => l.id === id);

/** The journal of the lesson's world, oldest first (empty until its reset has arrived). */
function lessonJournal(startedAfter: number | undefined): JournalEntry[] {
  const { journal, generation } = usePlayground.getState();
  if (startedAfter === undefined || generation <= startedAfter) return [];
  const out: JournalEntry[] = [];
  for (let i = 0; i < journal.length; i++) out.push(journal.at(i) as JournalEntry);
  return out;
}

/** The running lesson, its world's journal and each step's proof, re-read as the journal grows. */
export function useLessonProgress(): {
  lesson: Lesson;
  running: boolean;
  entries: readonly JournalEntry[];
  proofs: (Proof | undefined)[];
} {
  const lessonId = useLessonState((s) => s.lessonId);
  const startedAfter = useLessonState((s) => s.startedAfter);
  const version = usePlayground((s) => s.journalVersion);
  const generation = usePlayground((s) => s.generation);
  const lesson = lessonById(lessonId) ?? LESSONS[0];
  const entries = useMemo(() => {
    void version;
    void generation;
    return lessonJournal(startedAfter);
  }, [version, generation, startedAfter]);
  const proofs = useMemo(() => progress(lesson, entries), [lesson, entries]);
  return { lesson, running: startedAfter !== undefined, entries, proofs };
}

/**
 * Dispatches `intents` in order for the running lesson, then waits until the journal shows what
 * they did (until then the step is not done, and its button would run it again).
 */
export async function runLessonIntents(dispatch: Dispatch, intents: Intent[]): Promise<void> {
  useLessonState.setState({ busy: true, error: undefined });
  try {
    for (const i of intents) {
      const r = await dispatch(i);
      if (!r.ok && r.error.id !== 'notices:client.exists')
        useLessonState.setState({ error: r.error });
    }
    await journalRendered(500);
  } finally {
    useLessonState.setState({ busy: false });
  }
}

/** Starts (or restarts) lesson `id`: a fresh world with its settings and its client. */
export async function startLesson(dispatch: Dispatch, id: string): Promise<void> {
  const lesson = lessonById(id);
  if (!lesson) return;
  useLessonState.setState({
    lessonId: lesson.id,
    startedAfter: usePlayground.getState().generation,
    error: undefined,
  });
  await runLessonIntents(dispatch, setupIntents(lesson));
}

/** Resolves once `ok()` holds, checked at each journal render, or false after `ms`. */
async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const end = performance.now() + ms;
  while (!ok()) {
    const left = end - performance.now();
    if (left <= 0) return false;
    await journalRendered(Math.min(left, 200));
  }
  return true;
}

/**
 * Rebuilds lesson `id` with its first `done` steps done (a reload of a page whose address names
 * a lesson): starts it, then does each step with its one-click action, each once the step before
 * shows as done. Steps the world does by itself (no action) are waited for.
 */
export async function restoreLesson(dispatch: Dispatch, id: string, done: number): Promise<void> {
  const lesson = lessonById(id);
  if (!lesson) return;
  await startLesson(dispatch, id);
  const proved = () =>
    progress(lesson, lessonJournal(useLessonState.getState().startedAfter)).filter(Boolean).length;
  for (let i = 0; i < Math.min(done, lesson.steps.length); i++) {
    if (!(await until(() => proved() >= i, 3000))) return;
    const action = lesson.steps[i].action;
    if (action) {
      const entries = lessonJournal(useLessonState.getState().startedAfter);
      await runLessonIntents(dispatch, action.intents(entries));
    }
  }
  await until(() => proved() >= Math.min(done, lesson.steps.length), 3000);
}
