/** Placeholder: built in its own change. */
export function Clients() {
  return <p className="text-sm text-slate-500">Clients: coming.</p>;
}
