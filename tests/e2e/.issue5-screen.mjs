import { launch } from './lib/browser.mjs';
const [base, yes, width, scheme] = process.argv.slice(2);
const browser = await launch();
const ctx = await browser.newContext({ viewport: { width: Number(width), height: 1000 }, colorScheme: scheme });
const p = await ctx.newPage();
await p.goto(base + 'screen');
for (const fs of await p.locator('fieldset.yes-no').all()) {
  const id = (await fs.getAttribute('id')).slice(2);
  await fs.locator(`label[for="q-${id}-${yes.split(',').includes(id) ? 'yes' : 'no'}"]`).click();
}
await p.getByRole('button', { name: 'See what to do' }).click();
await p.waitForLoadState();
console.log(p.url());
await p.screenshot({ path: `/tmp/issue5-shots/screen-result.png` });
await browser.close();
