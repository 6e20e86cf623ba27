import { readFile } from 'node:fs/promises';
import { afterAll, expect, it } from 'vitest';
import { normaliseWalkthrough, walkthrough, WALKTHROUGH_FILE } from '../../scripts/walkthrough.js';
import { buildBundle, type Bundle } from '../support/build-once.js';

let bundle: Bundle | undefined;
afterAll(async () => {
  await bundle?.remove();
});

// docs/walkthrough.md records real requests and answers: regenerated on the built server, it must
// come out the same, but for what differs on every run (order ids, tokens, request ids, times).
it('docs/walkthrough.md is what npm run walkthrough writes today', { timeout: 120_000 }, async () => {
  bundle = await buildBundle();
  const fresh = await walkthrough(bundle.serverScript);
  const committed = await readFile(WALKTHROUGH_FILE, 'utf8');
  expect(normaliseWalkthrough(committed), 'docs/walkthrough.md is out of date: run npm run walkthrough').toBe(normaliseWalkthrough(fresh));
});
