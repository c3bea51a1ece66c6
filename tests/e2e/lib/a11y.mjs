// One accessibility standard for every browser test: axe-core with the WCAG
// 2.0, 2.1 and 2.2 A and AA rules plus axe's best practices, target size
// (WCAG 2.2, 2.5.8) switched on, and no violation of any impact allowed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** The axe tags every page is held to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Runs axe on the page as it is now and resolves to its results. axe is
 * evaluated through the DevTools protocol, which the page's Content Security
 * Policy does not govern, so pages are checked under their real policy (no
 * `bypassCSP`).
 */
export async function runAxe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.evaluate(`${AXE}\n;undefined`);
  }
  return page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
    // axe ships target-size switched off even when its tag is asked for.
    rules: { 'target-size': { enabled: true } },
    resultTypes: ['violations'],
  }), AXE_TAGS);
}

/** One line per failing element: rule, impact, selector and axe's first reason. */
export function describeViolations(violations) {
  return violations.flatMap((v) => v.nodes.map((n) => {
    const why = (n.failureSummary || '').split('\n').map((l) => l.trim()).filter(Boolean).slice(1, 2).join(' ');
    return `${v.id} (${v.impact}): ${n.target.join(' ')}${why ? ` — ${why}` : ''}`;
  }));
}

/** What axe finds on the page as it is now, one line per element at fault, each starting with `label`. */
export async function axeProblems(page, label) {
  const result = await runAxe(page);
  const ran = [...result.passes, ...result.violations, ...result.incomplete, ...result.inapplicable].map((r) => r.id);
  assert.ok(ran.includes('target-size'), `${label}: axe's target-size rule did not run`);
  return describeViolations(result.violations).map((line) => `${label}: ${line}`);
}

/** Fails, listing every element at fault, unless axe finds nothing on the page. */
export async function assertNoViolations(page, label) {
  const lines = await axeProblems(page, label);
  assert.deepEqual(lines, [], `axe found ${lines.length} problem(s):\n  ${lines.join('\n  ')}`);
}
