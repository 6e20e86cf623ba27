// node bench/cpuprofile-summary.mjs FILE.cpuprofile [N]: self time by package and by function (top N), and inclusive time by package,
// of a profile written by `node --cpu-prof`. Used for bench/PROFILE.md.
import { readFileSync } from 'node:fs';
const [file, topN = '40'] = process.argv.slice(2);
const p = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(p.nodes.map(n => [n.id, n]));
const dt = new Map();
for (let i = 0; i < p.samples.length; i++) dt.set(p.samples[i], (dt.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
const total = [...dt.values()].reduce((a, b) => a + b, 0);
const pkg = (url) => {
  if (!url) return '(native/vm)';
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url); if (m) return m[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  if (url.includes('/dist/')) return 'our code';
  return url;
};
const fn = new Map(), pk = new Map();
for (const [id, t] of dt) {
  const n = byId.get(id); const cf = n.callFrame;
  const key = `${cf.functionName || '(anon)'} ${pkg(cf.url)}:${cf.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + t);
  const k = cf.url ? pkg(cf.url) : cf.functionName;
  pk.set(k, (pk.get(k) ?? 0) + t);
}
const pct = (t) => (100 * t / total).toFixed(1).padStart(5) + '%';
console.log('total ms', (total / 1000).toFixed(0));
console.log('--- by package (self) ---');
for (const [k, t] of [...pk].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(pct(t), k);
console.log('--- by function (self) ---');
for (const [k, t] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, Number(topN))) console.log(pct(t), k);
// inclusive time per package: for each sample, walk to root, count each package once
const parent = new Map(); for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const incl = new Map();
for (const [id, t] of dt) { const seen = new Set(); let cur = id; while (cur !== undefined) { const n = byId.get(cur); const k = n.callFrame.url ? pkg(n.callFrame.url) : null; if (k && !seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + t); } cur = parent.get(cur); } }
console.log('--- inclusive by package ---');
for (const [k, t] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(pct(t), k);
