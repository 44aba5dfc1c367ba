/** Numbers in tables and report text: deterministic, grouped, short. */
export function fmt(x: number): string {
  if (Number.isNaN(x)) return '-';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '-∞';
  if (Math.abs(x) >= 100 || Number.isInteger(x)) return Math.round(x).toLocaleString('en-US');
  if (Math.abs(x) < 1) return String(Number(x.toPrecision(2)));
  return x.toFixed(1);
}

/** "1 run", "3 runs". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}
