import type { Measured } from './load.js';
import type { MiddlewareCost } from './middleware-cost.js';
import { TARGETS, type Scenario } from './scenarios.js';

export interface Row {
  readonly scenario: Scenario;
  readonly ours: Measured;
  /** Absent when the baseline does not serve this scenario yet. */
  readonly baseline?: Measured;
  /** Whether both servers answered the same JSON value to the first request (GET scenarios). */
  readonly sameJson?: boolean;
  /** Ours against the bare Express floor (catalog GETs). */
  readonly floor?: FloorRow;
}

/** One catalog GET on our server and on the bare Express floor (bench/express-floor-server.ts). */
export interface FloorRow {
  /** Each round's load of our server (the first is the one in the main table). */
  readonly ours: readonly Measured[];
  readonly floor: readonly Measured[];
  /** Whether the floor answered the same status and JSON value as ours. */
  readonly sameJson: boolean;
  /** Status line and headers of one answer, in bytes (the mean of a few). */
  readonly oursHeaderBytes: number;
  readonly floorHeaderBytes: number;
}

export interface SizeResult {
  readonly size: number;
  readonly seedSeconds: number;
  readonly rows: readonly Row[];
}

export interface Machine {
  readonly date: string;
  readonly cpus: string;
  readonly memory: string;
  readonly node: string;
  readonly mariadb: string;
  readonly settings: string;
}

/** A target missed or a hard limit broken, in words, for one row. */
export function problems(row: Row): string[] {
  const found: string[] = [];
  const worst = Math.max(row.ours.maxResponseBytes, row.baseline?.maxResponseBytes ?? 0);
  if (worst > TARGETS.maxResponseBytes) found.push(`FAIL response ${mb(worst)} > 1 MB`);
  if (row.ours.rssBytes >= TARGETS.maxRssBytes) found.push(`RSS ${mb(row.ours.rssBytes)} >= 200 MB`);
  const r = ratio(row);
  if (r !== undefined && r < TARGETS.minRatio[row.scenario.kind]) found.push(`ratio < ${TARGETS.minRatio[row.scenario.kind]}`);
  if (row.ours.errors > 0) found.push('errors');
  if (row.ours.responses < TARGETS.connections) found.push(`stalled: ${row.ours.responses} answers`);
  if (row.sameJson === false) found.push('JSON differs');
  if (!row.baseline && row.scenario.kind !== 'write') found.push('no baseline');
  return found;
}

export function sizeTable(result: SizeResult): string {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'max response', 'RSS', 'baseline req/s', 'baseline p99 ms', 'baseline RSS', 'ratio', 'checks'];
  const rows = result.rows.map((row) => {
    const r = ratio(row);
    return [
      row.scenario.name,
      int(row.ours.reqPerSec),
      String(row.ours.p50),
      String(row.ours.p99),
      int(row.ours.errors),
      mb(row.ours.maxResponseBytes),
      mb(row.ours.rssBytes),
      row.baseline ? int(row.baseline.reqPerSec) : 'n/a',
      row.baseline ? String(row.baseline.p99) : 'n/a',
      row.baseline ? mb(row.baseline.rssBytes) : 'n/a',
      r === undefined ? 'n/a' : r.toFixed(2),
      problems(row).join('; ') || 'ok',
    ];
  });
  return markdownTable(header, rows);
}

/** Ours over the floor, CPU per request: the median round's of each. */
export function floorCpuRatio(floor: FloorRow): number {
  return median(floor.ours.map(cpuMicros)) / median(floor.floor.map(cpuMicros));
}

/** Per catalog GET: CPU per request, req/s, peak RSS and header bytes, ours against the floor, and the targets. */
export function floorTable(result: SizeResult): string {
  const header = [
    'scenario', 'ours CPU µs/req', 'floor CPU µs/req', `ratio (<= ${TARGETS.maxFloorCpuRatio})`, 'ours req/s', 'floor req/s',
    'ours peak RSS', 'floor peak RSS', 'ours header B', 'floor header B', 'checks',
  ];
  const rows = result.rows.flatMap((row) => {
    const floor = row.floor;
    if (!floor) return [];
    const ratio = floorCpuRatio(floor);
    const oursRss = Math.max(...floor.ours.map((m) => m.rssBytes));
    const checks = [
      ...(ratio <= TARGETS.maxFloorCpuRatio ? [] : [`ratio > ${TARGETS.maxFloorCpuRatio} by ${((ratio / TARGETS.maxFloorCpuRatio - 1) * 100).toFixed(0)}%`]),
      ...(oursRss < TARGETS.maxRssVsFloorBytes ? [] : [`RSS >= ${mb(TARGETS.maxRssVsFloorBytes)} by ${mb(oursRss - TARGETS.maxRssVsFloorBytes)}`]),
      ...(floor.sameJson ? [] : ['floor JSON differs']),
      ...(floor.floor.some((m) => m.errors > 0) ? ['floor errors'] : []),
    ];
    const micros = (runs: readonly Measured[]) => (runs.length > 1 ? `${median(runs.map(cpuMicros)).toFixed(0)} (${runs.map((m) => cpuMicros(m).toFixed(0)).join(', ')})` : cpuMicros(runs[0]!).toFixed(0));
    return [[
      row.scenario.name,
      micros(floor.ours),
      micros(floor.floor),
      ratio.toFixed(2),
      int(median(floor.ours.map((m) => m.reqPerSec))),
      int(median(floor.floor.map((m) => m.reqPerSec))),
      mb(oursRss),
      mb(Math.max(...floor.floor.map((m) => m.rssBytes))),
      int(floor.oursHeaderBytes),
      int(floor.floorHeaderBytes),
      checks.join('; ') || 'ok',
    ]];
  });
  return markdownTable(header, rows);
}

/**
 * Req/s of each list scenario at the largest size over the smallest (the issue wants >= 0.8).
 * The smallest catalog's pages hold fewer items than a full page, so where there is a size in
 * between, its full pages are compared with the largest's too: the same page, a bigger catalog.
 */
export function scalingTable(results: readonly SizeResult[]): string | undefined {
  if (results.length < 2) return undefined;
  const bySize = [...results].sort((a, b) => a.size - b.size);
  const smallest = bySize[0]!;
  const largest = bySize.at(-1)!;
  const middle = bySize.length > 2 ? bySize.at(-2)! : undefined;
  const reqPerSec = (result: SizeResult, name: string) => result.rows.find((other) => other.scenario.name === name)!.ours.reqPerSec;
  const rows = largest.rows
    .filter((row) => row.scenario.kind === 'list')
    .map((row) => {
      const scaled = row.ours.reqPerSec / reqPerSec(smallest, row.scenario.name);
      const cells = [row.scenario.name, int(reqPerSec(smallest, row.scenario.name))];
      if (middle) cells.push(int(reqPerSec(middle, row.scenario.name)));
      cells.push(int(row.ours.reqPerSec), scaled.toFixed(2));
      if (middle) cells.push((row.ours.reqPerSec / reqPerSec(middle, row.scenario.name)).toFixed(2));
      cells.push(scaled >= TARGETS.minScaling ? 'ok' : `< ${TARGETS.minScaling}`);
      return cells;
    });
  const header = ['list scenario', `req/s at ${int(smallest.size)}`];
  if (middle) header.push(`req/s at ${int(middle.size)}`);
  header.push(`req/s at ${int(largest.size)}`, `ratio ${int(largest.size)}/${int(smallest.size)}`);
  if (middle) header.push(`ratio ${int(largest.size)}/${int(middle.size)}`);
  header.push('check');
  return markdownTable(header, rows);
}

/** off: CORS_ORIGINS unset and every limit 0; on: as shipped, limits never reached (counters in memory, or in Redis). */
export type AccessVariant = 'off' | 'on' | 'on, Redis';

export interface AccessCost {
  readonly products: number;
  readonly rounds: number;
  /** Authentication + authorization (and the other pieces) in-process. */
  readonly micro: MiddlewareCost;
  readonly rows: readonly { readonly scenario: Scenario; readonly runs: ReadonlyMap<AccessVariant, readonly Measured[]> }[];
}

const VARIANT_LABELS: Record<AccessVariant, string> = {
  off: 'off: CORS unset, limits 0 (authn/authz only)',
  on: 'on, as shipped (limits in memory)',
  'on, Redis': 'on, as shipped (limits in Redis)',
};

/** Server CPU per request (µs) of one load run: its CPU time over the requests it was sent. */
export const cpuMicros = (measured: Measured): number => (measured.cpuSeconds * 1e6) / Math.max(measured.sent, 1);

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/**
 * Per catalog GET: "before" (off minus authentication + authorization measured in-process), then
 * each measured variant with its overhead over "before"; the shipped variants are checked
 * against TARGETS.maxAccessOverhead.
 */
export function accessCostTable(cost: AccessCost): string {
  const authMicros = cost.micro.added['authentication + authorization'];
  const limit = `${(TARGETS.maxAccessOverhead * 100).toFixed(0)}%`;
  const rows: string[][] = [];
  for (const { scenario, runs } of cost.rows) {
    const off = runs.get('off')!;
    const before = median(off.map(cpuMicros)) - authMicros;
    rows.push([scenario.name, `before: off minus authn/authz (${authMicros.toFixed(1)} µs in-process)`, before.toFixed(0), '', '', '', '', '', '']);
    for (const [variant, measured] of runs) {
      const micros = median(measured.map(cpuMicros));
      // Per round, against that round's "off" (loaded next to it), then the median round.
      const overhead = median(measured.map((m, round) => cpuMicros(m) / (cpuMicros(off[round]!) - authMicros) - 1));
      const errors = measured.reduce((sum, m) => sum + m.errors, 0);
      const checks = [
        ...(variant === 'off' ? [] : [overhead <= TARGETS.maxAccessOverhead ? 'ok' : `> ${limit}`]),
        ...(errors > 0 ? ['errors'] : []),
      ];
      rows.push([
        scenario.name,
        VARIANT_LABELS[variant],
        micros.toFixed(0),
        measured.map((m) => cpuMicros(m).toFixed(0)).join(', '),
        int(median(measured.map((m) => m.reqPerSec))),
        String(median(measured.map((m) => m.p99))),
        int(errors),
        `${overhead >= 0 ? '+' : ''}${(overhead * 100).toFixed(1)}%`,
        checks.join('; '),
      ]);
    }
  }
  const header = ['scenario', 'server', 'CPU µs/request', 'each round', 'req/s', 'p99 ms', 'errors', 'overhead', `check (<= ${limit})`];
  return markdownTable(header, rows);
}

/** The in-process figures of bench/middleware-cost.ts: what each piece adds to one request. */
export function middlewareCostTable(micro: MiddlewareCost): string {
  const rows = [
    ['bare Express app, request to its handler', micro.bareMicros.toFixed(1)],
    ...Object.entries(micro.added).map(([piece, micros]) => [`+ ${piece}`, micros.toFixed(1)]),
  ];
  return markdownTable(['in-process, per request', 'CPU µs'], rows);
}

export function resultsMarkdown(machine: Machine, results: readonly SizeResult[], accessCost?: AccessCost): string {
  const parts = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); run it again to refresh. Our built server',
    '(dist/server.js, LOG_LEVEL=warn) against the baseline (bench/baseline-server.ts: node:http + mysql2,',
    'one query per request, same JSON), both on the same freshly seeded MariaDB database, driven one after',
    'the other by autocannon in-process. "JSON differs": the two answered a different status or JSON to the',
    'same request; "n/a": the baseline does not serve that scenario. Each catalog GET also runs on the bare',
    'Express floor (bench/express-floor-server.ts): see the floor table under each catalog size.',
    '',
    `- date: ${machine.date}`,
    `- machine: ${machine.cpus}, ${machine.memory} RAM`,
    `- node ${machine.node}, MariaDB ${machine.mariadb}`,
    `- ${machine.settings}`,
    '',
    `Targets: GET scenarios >= ${TARGETS.minRatio.list} of the baseline's req/s, writes >= ${TARGETS.minRatio.write};`,
    `list scenarios at the largest catalog >= ${TARGETS.minScaling} of their req/s at the smallest; no response over 1 MB;`,
    'server RSS under 200 MB under load. Against the bare Express floor: at most',
    `${TARGETS.maxFloorCpuRatio}x its CPU per request on each catalog GET, and our peak RSS under ${mb(TARGETS.maxRssVsFloorBytes)}.`,
  ];
  for (const result of results) {
    parts.push('', `## ${int(result.size)} products (seeded in ${result.seedSeconds.toFixed(1)} s)`, '', sizeTable(result));
    if (result.rows.some((row) => row.floor)) {
      parts.push(
        '',
        `### ${int(result.size)} products: ours against the bare Express floor`,
        '',
        'The floor (bench/express-floor-server.ts): Express 5 with no middleware, our container\'s use cases and',
        'presenters (the same SQL, the same JSON) behind plain handlers. CPU: the server process\'s utime + stime',
        'over the requests sent, until it was idle again. Header bytes: status line and headers of one answer.',
        '',
        floorTable(result),
      );
    }
  }
  const scaling = scalingTable(results);
  if (scaling) parts.push('', '## Scaling of list scenarios', '', scaling);
  if (accessCost) {
    parts.push(
      '',
      '## What the access-control middleware costs',
      '',
      `Server CPU time per catalog GET (from /proc/<pid>/stat, over the requests sent, until the server`,
      `was idle again), on the demo catalog (${accessCost.products} products), anonymous requests from an allowed browser`,
      `origin. "off": the same build with CORS_ORIGINS unset and every rate limit 0, so only authentication`,
      `and authorization run (they cannot be turned off); "on": as shipped, CORS_ORIGINS set and every`,
      `limit 100,000,000 (never reached). "before" is "off" minus authentication + authorization, measured`,
      `in-process (bench/middleware-cost.ts). Variants loaded in turn (off, on, then on, off, ...),`,
      `${accessCost.rounds} rounds each; the overhead is taken per round, against that round's "off",`,
      `and the median round is shown, as are CPU, req/s and p99. The issue's target: at most`,
      `${(TARGETS.maxAccessOverhead * 100).toFixed(0)}% more CPU per request than before.`,
      '',
      accessCostTable(accessCost),
      '',
      `In-process (median of ${accessCost.micro.rounds} rounds of ${int(accessCost.micro.iterations)} requests; the pieces`,
      'share some work, so they do not add up to "all of them"):',
      '',
      middlewareCostTable(accessCost.micro),
    );
  }
  return `${parts.join('\n')}\n`;
}

function ratio(row: Row): number | undefined {
  return row.baseline && row.baseline.reqPerSec > 0 ? row.ours.reqPerSec / row.baseline.reqPerSec : undefined;
}

export function markdownTable(header: readonly string[], rows: readonly string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} kB`);
