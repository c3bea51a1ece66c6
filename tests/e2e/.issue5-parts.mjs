// Scratch: a page in parts of 1100 px, for looking at tall pages.
import { launch } from './lib/browser.mjs';
const [base, path, width, scheme] = process.argv.slice(2);
const browser = await launch();
const ctx = await browser.newContext({ viewport: { width: Number(width), height: 900 }, colorScheme: scheme });
const p = await ctx.newPage();
await p.goto(base + path);
const h = await p.evaluate(() => document.documentElement.scrollHeight);
for (let y = 0, i = 0; y < h; y += 1100, i++) {
  await p.screenshot({ path: `/tmp/issue5-shots/part-${i}.png`, fullPage: true, clip: { x: 0, y, width: Number(width), height: Math.min(1100, h - y) } });
}
console.log(Math.ceil(h / 1100), 'parts');
await browser.close();
