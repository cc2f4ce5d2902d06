/** Median and maximum of a list of milliseconds. */
export function summariseLatencies(values: number[]): { count: number; median: number; max: number; min: number } {
  if (values.length === 0) throw new Error('No measurements');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
  return { count: sorted.length, median, max: sorted[sorted.length - 1]!, min: sorted[0]! };
}
