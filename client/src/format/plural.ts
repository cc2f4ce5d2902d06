const NUMBER = new Intl.NumberFormat('en-GB');

export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

/** "1 word", "2 words", "1,234 words". */
export function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
