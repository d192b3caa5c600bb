/**
 * Versioned schemas for Durable Object SQLite. Each object records the version it has
 * reached; opening it runs the missing steps in one transaction, so an object created by an
 * older release is brought up to date before anything reads it. Steps are only ever added,
 * never edited once released: an object may be at any earlier version. Steps only add (tables,
 * columns with defaults, indexes), so an older release can still run over newer storage.
 */
export type Migration = readonly string[];

const VERSION_TABLE =
  "CREATE TABLE IF NOT EXISTS _schema (only INTEGER PRIMARY KEY CHECK (only = 1), version INTEGER NOT NULL)";

/** The version an object's storage is at (0 when it has never been migrated). */
export function schemaVersion(sql: SqlStorage): number {
  sql.exec(VERSION_TABLE);
  const row = sql.exec("SELECT version FROM _schema").toArray()[0];
  return typeof row?.version === "number" ? row.version : 0;
}

/**
 * Runs the migrations past the stored version. Call inside the object's
 * `transactionSync` (or its constructor's implicit transaction) so a failed step leaves the
 * storage as it was.
 */
export function migrate(sql: SqlStorage, migrations: readonly Migration[]): void {
  const from = schemaVersion(sql);
  if (from > migrations.length) {
    // A rolled-back deploy meets storage a newer release migrated. Steps only add tables,
    // columns with defaults and indexes, and code names the columns it reads and writes,
    // so older code carries on over newer storage; refusing would take every object down.
    console.warn(`storage is at schema ${from}, newer than this code (${migrations.length})`);
    return;
  }
  for (let version = from; version < migrations.length; version++) {
    for (const statement of migrations[version] ?? []) sql.exec(statement);
  }
  if (from < migrations.length) {
    sql.exec(
      "INSERT INTO _schema (only, version) VALUES (1, ?) ON CONFLICT (only) DO UPDATE SET version = excluded.version",
      migrations.length,
    );
  }
}
