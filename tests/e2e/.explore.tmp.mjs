import { startServer } from './lib/server.mjs';
import { launch } from './lib/browser.mjs';
const server = await startServer();
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 700 }, javaScriptEnabled: false });
  const page = await ctx.newPage();
  page.on('request', async (r) => { if (r.method() === 'POST') console.log('POST', r.url(), JSON.stringify(await r.allHeaders())); });
  await page.goto(server.url + 'checkin');
  await page.locator('label[for=pain-4]').click();
  await page.getByRole('button', { name: 'Save check-in' }).click();
  await page.waitForTimeout(1000);
  console.log(page.url(), await page.locator('h1').textContent());
} finally { await browser.close(); await server.stop(); }
