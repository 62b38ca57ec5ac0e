// Raw statements (with `?` placeholders) that a transaction runs one after another, sent the way
// each engine takes them best: on SQLite one by one (in process, nothing to save), on PostgreSQL
// as one statement of data-modifying CTEs with numbered parameters, so a case action's several
// writes cost one round trip instead of one each.
import { CompiledQuery, type Kysely } from 'kysely';
import type { DatabaseKind } from '../config/config';
import { runDirect } from './direct-statements';
import type { DB } from './schema';

export interface RawStatement {
  text: string;
  params: readonly unknown[];
}

/** Joined texts, numbered for PostgreSQL; the shapes are few (bounded all the same). */
const numberedTexts = new Map<string, string>();
const NUMBERED_TEXTS_MAX = 5000;

export async function executeTogether(db: Kysely<DB>, kind: DatabaseKind, statements: readonly RawStatement[]): Promise<void> {
  if (statements.length === 0) return;
  if (kind !== 'postgres') {
    for (const { text, params } of statements) {
      if (!runDirect(db, text, params)) await db.executeQuery(CompiledQuery.raw(text, [...params]));
    }
    return;
  }
  const joined =
    statements.length === 1 ? statements[0]!.text : `with ${statements.map((s, i) => `w${i} as (${s.text})`).join(', ')} select 1`;
  await db.executeQuery(CompiledQuery.raw(numbered(joined), statements.flatMap((s) => s.params)));
}

/** PostgreSQL numbers its parameters: `?` → `$1`, `$2`, … (our texts carry no other `?`). */
function numbered(text: string): string {
  let out = numberedTexts.get(text);
  if (!out) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    if (numberedTexts.size < NUMBERED_TEXTS_MAX) numberedTexts.set(text, out);
  }
  return out;
}
