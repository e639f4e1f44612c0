import type pg from 'pg';

// What a backup holds and in which order, read from PostgreSQL's catalogue: our tables in the
// public schema (the job queue's schema, graphile_worker, is not ours and is left out).

/** Recorded apart (the migration level) or never worth keeping (sign-in sessions: sign in again). */
export const LEFT_OUT = ['knex_migrations', 'knex_migrations_lock', 'sessions'];

export const BACKUP_FORMAT = 'samling-backup';
export const BACKUP_FORMAT_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The names in knex_migrations, in the order they were applied: the schema the rows fit. */
  migrations: string[];
}

export interface TableSection {
  table: string;
  columns: string[];
}

export interface BackupFooter {
  end: true;
  rows: Record<string, number>;
  sequences: { name: string; value: string; called: boolean }[];
}

export type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export const queryOn =
  (client: pg.ClientBase): Query =>
  (sql, params) =>
    client.query(sql, params as unknown[]);

/** Our tables, each after every table it references (foreign keys), ties by name. */
export async function tablesInDependencyOrder(query: Query): Promise<string[]> {
  const tables = (
    await query(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
          and c.relname <> all($1) order by c.relname`,
      [LEFT_OUT],
    )
  ).rows.map((row) => row.name as string);
  const references = (
    await query(
      `select distinct c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent
         from pg_constraint c join pg_namespace n on n.oid = c.connamespace
        where c.contype = 'f' and n.nspname = 'public' and c.conrelid <> c.confrelid`,
    )
  ).rows.map((row) => ({ child: unquote(row.child as string), parent: unquote(row.parent as string) }));
  return dependencyOrder(tables, references);
}

/** Kahn's algorithm; a cycle of foreign keys between tables could not be copied back in any order. */
export function dependencyOrder(tables: string[], references: { child: string; parent: string }[]): string[] {
  const known = new Set(tables);
  const parents = new Map(tables.map((table) => [table, new Set<string>()]));
  for (const { child, parent } of references)
    if (known.has(child) && known.has(parent)) parents.get(child)?.add(parent);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...(parents.get(t) ?? [])].every((p) => placed.has(p)));
    if (ready.length === 0) {
      const left = tables.filter((t) => !placed.has(t));
      throw new Error(`The tables ${left.join(', ')} reference each other in a cycle: no order copies them back`);
    }
    for (const table of ready) {
      order.push(table);
      placed.add(table);
    }
  }
  return order;
}

/** The columns COPY reads and writes: stored ones (generated columns are computed again). */
export async function copiedColumns(query: Query, table: string): Promise<string[]> {
  const { rows } = await query(
    `select a.attname as name from pg_attribute a
      where a.attrelid = $1::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by a.attnum`,
    [quoteIdent(table)],
  );
  return rows.map((row) => row.name as string);
}

export async function sequences(query: Query): Promise<string[]> {
  const { rows } = await query(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
  );
  return rows.map((row) => row.name as string);
}

export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;
const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name);
export const columnList = (columns: string[]) => columns.map(quoteIdent).join(', ');
