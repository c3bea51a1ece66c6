// The app starts and its home page renders in Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './lib/server.mjs';
import { launch, shot } from './lib/browser.mjs';

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('home page greets and links to a two-minute practice', async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const res = await page.goto(server.url);
  assert.equal(res.status(), 200);
  assert.match(await page.title(), /backcalm/i);
  const start = page.getByRole('link', { name: /2-minute|two-minute|2 minutes/i }).first();
  assert.ok(await start.isVisible(), 'a short practice is offered first');
  await page.screenshot({ path: shot('home', 390), fullPage: true });
  await page.close();
});
