/** Placeholder: built in its own change. */
export function Settings() {
  return <p className="text-sm text-slate-500">Settings: coming.</p>;
}
