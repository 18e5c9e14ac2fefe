/** Placeholder: built in its own change. */
export function Topics() {
  return <p className="text-sm text-slate-500">Topics: coming.</p>;
}
