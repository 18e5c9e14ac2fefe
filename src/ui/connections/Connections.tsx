/** Placeholder: built in its own change. */
export function Connections() {
  return <p className="text-sm text-slate-500">Connections: coming.</p>;
}
