import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations';

let expected: Map<string, string[]> | null = null;

/** Every table and its columns as this Greenboard's migrations build them (worked out once). */
function expectedTables(): Map<string, string[]> {
  if (expected) return expected;
  const db = new Database(':memory:');
  try {
    for (const m of MIGRATIONS) m.up(db);
    expected = tablesOf(db);
  } finally {
    db.close();
  }
  return expected;
}

function tablesOf(db: Database.Database): Map<string, string[]> {
  const names = db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return new Map(
    names.map((t) => [
      t,
      (db.pragma(`table_info("${t.replace(/"/g, '""')}")`) as { name: string }[]).map((c) => c.name),
    ]),
  );
}

/**
 * What keeps a file with Greenboard's id and schema version from being read as one: each
 * missing table and missing column, by name. Empty when the shape fits. The values in the
 * rows are checked where they are read (a bad row is skipped there, not the whole file).
 */
export function schemaProblems(db: Database.Database): string[] {
  const have = tablesOf(db);
  const problems: string[] = [];
  for (const [table, columns] of expectedTables()) {
    const found = have.get(table);
    if (!found) {
      problems.push(`table "${table}" is missing`);
      continue;
    }
    for (const c of columns) if (!found.includes(c)) problems.push(`table "${table}" has no column "${c}"`);
  }
  return problems;
}
