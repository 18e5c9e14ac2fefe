import { LessonAddress } from '../lessons/LessonAddress';
import { Welcome } from './Welcome';

/**
 * What the page does beside its columns on arrival: the first visit's welcome, and a lesson
 * named in the address rebuilt (and kept there as it goes on).
 */
export function FirstRun() {
  return (
    <>
      <LessonAddress />
      <Welcome />
    </>
  );
}
