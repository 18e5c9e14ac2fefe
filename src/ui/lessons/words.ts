/**
 * Where a lesson's words are: the `lessons` catalogue, keyed by the lesson's id and its steps' ids
 * (`lessons:heartbeat.stale.explanation`), so a step keeps its words wherever it moves and a new
 * step without them fails words.test.ts. Wire data (a topic, a client's name, a command) is not
 * in the messages but passed in, and shown as sent.
 */
import type { TFunction } from 'i18next';
import { LESSON_CLIENT, LESSON_MQTT_CLIENT } from './engine';
import type { Lesson, LessonStep } from './engine';
import { TOPIC } from './lessons';

export const LESSON_PARTS = ['title', 'summary'] as const;
export const STEP_PARTS = ['title', 'instruction', 'explanation'] as const;
export type StepPart = (typeof STEP_PARTS)[number] | 'action';

export const lessonKey = (lesson: Lesson, part: (typeof LESSON_PARTS)[number]): string =>
  `lessons:${lesson.id}.${part}`;

export const stepKey = (lesson: Lesson, step: LessonStep, part: StepPart): string =>
  `lessons:${lesson.id}.${step.id}.${part}`;

/** Every key a lesson's words need: its own, each step's, and each action's label. */
export function lessonKeys(lesson: Lesson): string[] {
  const keys: string[] = LESSON_PARTS.map((p) => lessonKey(lesson, p));
  for (const step of lesson.steps) {
    for (const p of STEP_PARTS) keys.push(stepKey(lesson, step, p));
    if (step.action) keys.push(stepKey(lesson, step, 'action'));
  }
  return keys;
}

/**
 * The values a step's messages may name: the lesson's topic and clients, the token placeholder
 * of a request line (`token=<token>`: the word in the page's language), and the step's own data.
 */
export function stepValues(t: TFunction, step?: LessonStep): Record<string, string> {
  return {
    topic: TOPIC,
    client: LESSON_CLIENT,
    mqtt: LESSON_MQTT_CLIENT,
    token: `<${t('lessons:placeholder.token')}>`,
    theToken: `<${t('lessons:placeholder.the-token')}>`,
    ...step?.data,
  };
}
