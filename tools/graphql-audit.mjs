// The GraphQL-over-HTTP audit: graphql-http's auditServer (the server audits of the spec's own conformance suite,
// pinned in tools/package.json) against a running qbank's /graphql, anonymously, as any client may call it.
// Prints every audit (MUST, SHOULD, MAY; ok, or notice/warn/error with the reason) and a count per level, and exits 1
// when a MUST fails, when a SHOULD fails that tools/graphql-audit-allowed.json does not list with a reason, or when
// that file lists one that passes now (a stale excuse). MAYs are printed, never failed on.
// Usage: node tools/graphql-audit.mjs http://localhost:8080/graphql
import { readFileSync } from 'node:fs';
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node tools/graphql-audit.mjs <url of /graphql>');
  process.exit(2);
}
const allowedFile = new URL('./graphql-audit-allowed.json', import.meta.url);
const allowed = new Map(JSON.parse(readFileSync(allowedFile, 'utf8')).allowed.map((a) => [a.id, a.reason]));
for (const [id, reason] of allowed) {
  if (!reason || !reason.trim()) {
    console.error(`graphql-audit-allowed.json: ${id} has no reason`);
    process.exit(2);
  }
}

const results = await auditServer({ url });
const levels = { MUST: { ok: 0, all: 0 }, SHOULD: { ok: 0, all: 0 }, MAY: { ok: 0, all: 0 } };
const problems = [];
for (const result of results.sort((a, b) => a.name.localeCompare(b.name))) {
  const level = result.name.split(' ')[0];
  levels[level].all++;
  if (result.status === 'ok') {
    levels[level].ok++;
    console.log(`ok      ${result.id}  ${result.name}`);
    if (allowed.has(result.id)) problems.push(`${result.id} passes now: remove it from graphql-audit-allowed.json`);
    continue;
  }
  const excused = level === 'SHOULD' && allowed.has(result.id);
  console.log(`${result.status.padEnd(7)} ${result.id}  ${result.name}: ${result.reason}`
    + (excused ? ` (allowed: ${allowed.get(result.id)})` : ''));
  if (level === 'MUST' || (level === 'SHOULD' && !excused)) problems.push(`${result.id} ${result.name}`);
}
for (const id of allowed.keys()) {
  if (!results.some((r) => r.id === id)) problems.push(`${id} in graphql-audit-allowed.json is no audit of this version`);
}
console.log(Object.entries(levels).map(([level, n]) => `${level} ${n.ok}/${n.all} ok`).join(', '));
if (problems.length) {
  console.log(`graphql audit: failed\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('graphql audit: passed');
