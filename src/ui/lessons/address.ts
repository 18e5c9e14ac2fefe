import { settingsUrl } from '../settings/url';

/**
 * A running lesson in the page address: `lesson=<id>` once started, `lesson=<id>.<n>` once n
 * steps are done, beside the lesson's settings, so a reload or a link rebuilds the lesson where
 * it was (restoreLesson).
 */
export interface LessonPlace {
  id: string;
  done: number;
}

export function parseLessonParam(value: string | null): LessonPlace | undefined {
  if (!value) return undefined;
  const m = /^([a-z0-9-]+?)(?:\.(\d{1,2}))?$/.exec(value);
  return m ? { id: m[1], done: m[2] === undefined ? 0 : Number(m[2]) } : undefined;
}

export const lessonParam = (p: LessonPlace): string => (p.done > 0 ? `${p.id}.${p.done}` : p.id);

/** The address for the gateway settings `configQuery` and the lesson place `place` (none: dropped). */
export function lessonUrl(
  current: string,
  configQuery: string,
  place: LessonPlace | undefined,
): string {
  const url = new URL(settingsUrl(current, configQuery));
  if (place) url.searchParams.set('lesson', lessonParam(place));
  else url.searchParams.delete('lesson');
  return url.toString();
}
