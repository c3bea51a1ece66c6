// Scratch: element screenshots of each chart figure and the top of a page.
import { launch } from './lib/browser.mjs';
const base = process.argv[2];
const path = process.argv[3] || 'insights';
const browser = await launch();
for (const width of [390, 1280]) {
  for (const scheme of ['light', 'dark']) {
    const ctx = await browser.newContext({ viewport: { width, height: 1000 }, colorScheme: scheme });
    const p = await ctx.newPage();
    await p.goto(base + path);
    const figs = await p.locator('figure.chart-figure').all();
    let i = 0;
    for (const f of figs) await f.screenshot({ path: `/tmp/issue5-shots/fig${i++}-${width}-${scheme}.png` });
    await p.screenshot({ path: `/tmp/issue5-shots/top-${path.replace(/\W/g, '_')}-${width}-${scheme}.png` });
    await ctx.close();
  }
}
await browser.close();
