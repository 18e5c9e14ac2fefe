import { useEffect, useRef, useState } from 'react';
import { useDispatch, useSnapshot, useWorldReady } from '../state/playground';
import { useViews } from '../state/views';
import { lessonById, restoreLesson, useLessonProgress } from './runner';
import { lessonUrl, parseLessonParam } from './address';

/**
 * Keeps the running lesson in the page address (its settings, its id and how many steps are
 * done), and on a page whose address names a lesson, rebuilds it there once the page's world is
 * loaded. Renders nothing; mounted once, whichever tab is open.
 */
export function LessonAddress() {
  const ready = useWorldReady();
  const dispatch = useDispatch();
  const setSide = useViews((s) => s.setSide);
  const { lesson, running, proofs } = useLessonProgress();
  const configQuery = useSnapshot((s) => s.configQuery);
  // A lesson the address names when the page opens; until it is rebuilt, the address stays.
  const [named] = useState(() => {
    const p = parseLessonParam(new URLSearchParams(window.location.search).get('lesson'));
    return p && lessonById(p.id) ? p : undefined;
  });
  const [restored, setRestored] = useState(named === undefined);
  const began = useRef(false);

  useEffect(() => {
    if (!ready || !named || began.current) return;
    began.current = true;
    setSide('lessons');
    void restoreLesson(dispatch, named.id, named.done).finally(() => setRestored(true));
  }, [ready, named, dispatch, setSide]);

  const done = proofs.filter(Boolean).length;
  useEffect(() => {
    if (!restored || !running || configQuery === undefined) return;
    const href = lessonUrl(window.location.href, configQuery, { id: lesson.id, done });
    if (href !== window.location.href) window.history.replaceState(window.history.state, '', href);
  }, [restored, running, configQuery, lesson.id, done]);
  return null;
}
