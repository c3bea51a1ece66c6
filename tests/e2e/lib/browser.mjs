// Launches Debian's chromium through playwright-core: never a downloaded browser.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Where screenshots go (ignored by git). */
export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts');

/** Launches headless chromium with the flags this closed, root-run machine needs. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or run scripts/test`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/** A screenshot path for `name` at `width`. */
export function shot(name, width) {
  return join(ARTIFACTS, `${name}-${width}.png`);
}
