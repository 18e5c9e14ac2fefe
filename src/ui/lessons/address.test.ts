import { describe, expect, it } from 'vitest';
import { lessonUrl, parseLessonParam } from './address';

describe('a lesson in the page address', () => {
  it('reads the lesson and how many steps are done', () => {
    expect(parseLessonParam('heartbeat.3')).toEqual({ id: 'heartbeat', done: 3 });
    expect(parseLessonParam('connection-lifecycle')).toEqual({
      id: 'connection-lifecycle',
      done: 0,
    });
    expect(parseLessonParam('')).toBeUndefined();
    expect(parseLessonParam('<script>')).toBeUndefined();
  });

  it('writes the lesson beside its settings and keeps the page keys', () => {
    const u = new URL(
      lessonUrl(
        'http://x.test/?heartbeat=10s&seed=4&lesson=lossy',
        'connection_required=true&heartbeat=300s',
        { id: 'lossy', done: 2 },
      ),
    );
    expect(u.searchParams.get('connection_required')).toBe('true');
    expect(u.searchParams.get('heartbeat')).toBe('300s');
    expect(u.searchParams.get('seed')).toBe('4');
    expect(u.searchParams.get('lesson')).toBe('lossy.2');
    expect(new URL(lessonUrl(u.href, 'heartbeat=30s', undefined)).searchParams.has('lesson')).toBe(
      false,
    );
  });
});
