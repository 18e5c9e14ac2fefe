/** Placeholder: built in its own change. */
export function Composer() {
  return <p className="text-sm text-slate-500">Composer: coming.</p>;
}
