// Scratch: screenshots of the issue-5 pages from a running preview (not a test).
import { launch } from './lib/browser.mjs';
const base = process.argv[2];
const pages = (process.argv[3] || 'insights').split(',');
const browser = await launch();
for (const path of pages) {
  for (const width of [390, 1280]) {
    for (const scheme of ['light', 'dark']) {
      const ctx = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const p = await ctx.newPage();
      const errors = [];
      p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      await p.goto(base + path);
      await p.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
      await p.screenshot({ path: `/tmp/issue5-shots/${path.replace(/[\/?=#]/g, '_') || 'home'}-${width}-${scheme}.png`, fullPage: true });
      if (errors.length) console.log(path, width, scheme, errors);
      await ctx.close();
    }
  }
}
await browser.close();
