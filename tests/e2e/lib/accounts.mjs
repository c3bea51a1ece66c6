// Hosted mode's accounts for the browser tests: invitations made as an
// admin makes them, and an account set up through its invitation's page.
import { execFileSync } from 'node:child_process';
import { BIN } from './server.mjs';

/** The password every test account chooses. */
export const PASSWORD = 'quiet harbour lantern 4417';

/** An invitation made the way an admin makes one: `backcalm account invite --json`; its path. */
export function invite(dataDir, role, name) {
  const out = execFileSync(BIN, ['--data-dir', dataDir, 'account', 'invite', '--role', role, '--name', name, '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new URL(JSON.parse(out).invite_url).pathname;
}

/** Sets up the account of the invitation at `path` (on `serverUrl`) through its page; resolves on the page it lands on. */
export async function setUp(context, serverUrl, path, username) {
  const p = await context.newPage();
  await p.goto(new URL(path, serverUrl).href);
  await p.getByLabel('Username').fill(username);
  await p.getByLabel('Password').fill(PASSWORD);
  await Promise.all([
    p.waitForURL((u) => !u.pathname.startsWith('/invite/')),
    p.locator('main button[type="submit"]').click(),
  ]);
  return p;
}
