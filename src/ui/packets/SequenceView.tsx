/** Placeholder: built in its own change. */
export function SequenceView() {
  return <p className="text-sm text-slate-500">Sequence: coming.</p>;
}
