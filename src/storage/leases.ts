/**
 * Leases kept in a Durable Object's SQLite: one row per holder with an expiry, renewed by
 * taking the later time, dropped once lapsed. Used for watchers of a room (typing,
 * receipts) and viewers of a user's presence.
 */
import { str } from "./rows";

export class LeaseTable {
  /** `table` and `column` are fixed names from this codebase, never input. */
  constructor(
    private readonly sql: SqlStorage,
    private readonly table: string,
    private readonly column: string,
  ) {}

  /** Starts or renews `holder`'s lease until `expiresAt` (never shortens it). */
  renew(holder: string, expiresAt: number): void {
    this.sql.exec(
      `INSERT INTO ${this.table} (${this.column}, expires_at) VALUES (?1, ?2)
       ON CONFLICT (${this.column}) DO UPDATE SET expires_at = MAX(expires_at, ?2)`,
      holder,
      expiresAt,
    );
  }

  /** Holders whose lease is live at `now`, in order; lapsed leases are deleted. */
  live(now: number): string[] {
    this.sql.exec(`DELETE FROM ${this.table} WHERE expires_at <= ?`, now);
    return this.sql
      .exec(`SELECT ${this.column} AS holder FROM ${this.table} ORDER BY ${this.column}`)
      .toArray()
      .map((row) => str(row, "holder"));
  }

  drop(holder: string): void {
    this.sql.exec(`DELETE FROM ${this.table} WHERE ${this.column} = ?`, holder);
  }
}
