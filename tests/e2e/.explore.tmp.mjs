import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
const server = await startServer();
const browser = await launch();
const scheme = process.argv[2] || 'light';
try {
  for (const [w, h] of [[390, 844], [1280, 900]]) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
    const page = await ctx.newPage();
    page.on('pageerror', (e) => console.log('pageerror', e.message));
    await page.goto(server.url + 'checkin');
    await page.waitForTimeout(500);
    await page.locator('.pain-range').focus();
    await page.keyboard.press('ArrowRight'); await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: 'Lower back, left side' }).first().click();
    await page.getByRole('button', { name: 'Calf, left side' }).first().click();
    await page.getByRole('checkbox', { name: 'Dull ache' }).click();
    await page.locator('#field-pain').screenshot({ path: `/tmp/ex-pain-${scheme}-${w}.png` });
    await page.locator('#field-where').screenshot({ path: `/tmp/ex-where-${scheme}-${w}.png` });
    await page.locator('#field-feel').screenshot({ path: `/tmp/ex-feel-${scheme}-${w}.png` });
    await ctx.close();
  }
} finally { await browser.close(); await server.stop(); }
