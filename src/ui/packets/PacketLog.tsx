/** Placeholder: built in its own change. */
export function PacketLog() {
  return <p className="text-sm text-slate-500">Packets: coming.</p>;
}
