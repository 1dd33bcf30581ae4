/** A return as a signed percentage ("+1.23%", "-0.40%"), or "—" while the vault is younger than the window. */
export function formatReturn(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return `${value >= 0 ? "+" : ""}${(value * 100).toFixed(2)}%`;
}
