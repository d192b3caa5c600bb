/**
 * Reading SQLite rows (Durable Object storage or D1) with their types checked: a column that
 * does not hold what the code expects (a row written by another version, say) fails loudly
 * instead of flowing on.
 */
export type Row = Record<string, unknown>;

export function str(row: Row, key: string): string {
  const value = row[key];
  if (typeof value !== "string") throw new Error(`column ${key} is not text`);
  return value;
}

export function num(row: Row, key: string): number {
  const value = row[key];
  if (typeof value !== "number") throw new Error(`column ${key} is not a number`);
  return value;
}

export function optStr(row: Row, key: string): string | null {
  return row[key] === null ? null : str(row, key);
}

export function optNum(row: Row, key: string): number | null {
  return row[key] === null ? null : num(row, key);
}
