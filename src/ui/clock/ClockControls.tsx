/** Placeholder: built in its own change. */
export function ClockControls() {
  return <p className="text-sm text-slate-500">ClockControls: coming.</p>;
}
