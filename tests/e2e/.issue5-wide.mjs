import { launch } from './lib/browser.mjs';
import { startServer } from './lib/server.mjs';
const base = process.argv[2];
const browser = await launch();
const ctx = await browser.newContext({ viewport: { width: 390, height: 900 } });
const p = await ctx.newPage();
await p.goto(base + 'insights');
console.log(await p.evaluate(() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > window.innerWidth + 0.5) out.push(`${el.tagName}.${el.className.baseVal ?? el.className} ${r.right.toFixed(0)}`);
  }
  return [document.documentElement.scrollWidth, out.slice(0, 15)];
}));
await browser.close();
