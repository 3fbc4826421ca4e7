/** A score fraction as every page shows it: 0.875 -> "87.5 %". */
export function formatPercent(x: number): string {
  return `${Math.round(x * 1000) / 10} %`;
}
