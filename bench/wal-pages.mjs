// Which tables and indexes a SQLite database's commits write: reads the WAL file beside it (the
// frames of its current generation), counts frames per commit over the last commits, and names
// each page's b-tree through the dbstat table. A filing bench leaves its data folder in the temp
// directory; point this at its database while the WAL still holds the run:
//
//   node bench/submit.bench.mjs --sql-times --pragma wal_autocheckpoint=0 --seconds 5
//   node bench/wal-pages.mjs "$(ls -td /tmp/hotline-bench-submit-* | head -1)/hotline.sqlite" [--commits 400]
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { requireServer } from './lib/api.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { commits: { type: 'string', default: '400' } } });
const file = positionals[0];
if (!file) throw new Error('usage: node bench/wal-pages.mjs DATABASE_FILE [--commits N]');

const wal = fs.readFileSync(`${file}-wal`);
const pageSize = wal.readUInt32BE(8);
const salt = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
// Frames of the current generation carry the header's salts; after a restart older ones follow.
const frames = [];
for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
  if (wal.readUInt32BE(at + 8) !== salt[0] || wal.readUInt32BE(at + 12) !== salt[1]) break;
  frames.push({ page: wal.readUInt32BE(at), commit: wal.readUInt32BE(at + 4) !== 0 });
}
const commitEnds = frames.flatMap((f, i) => (f.commit ? [i] : []));
const wanted = Math.min(Number(values.commits), commitEnds.length - 1);
if (wanted < 1) throw new Error(`only ${commitEnds.length} commits in the WAL's current generation`);
const tail = frames.slice(commitEnds[commitEnds.length - 1 - wanted] + 1, commitEnds[commitEnds.length - 1] + 1);

const SQLite = requireServer('better-sqlite3');
const db = new SQLite(file, { readonly: true });
const owner = new Map(db.prepare('select pageno, name from dbstat').all().map((r) => [r.pageno, r.name]));
const byName = new Map();
for (const { page } of tail) byName.set(owner.get(page) ?? '(free or new)', (byName.get(owner.get(page) ?? '(free or new)') ?? 0) + 1);

console.log(`${file}: page ${pageSize} B; last ${wanted} commits, ${(tail.length / wanted).toFixed(1)} pages written per commit`);
for (const [name, n] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${(n / wanted).toFixed(2).padStart(7)}  ${name}`);
}
