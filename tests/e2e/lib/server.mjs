// Starts a real `backcalm serve` on a free port with a fresh data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/** The backcalm binary the tests drive (scripts/test builds it first). */
export const BIN = process.env.BACKCALM_BIN || join(root, 'target/debug/backcalm');

/**
 * Starts the server; resolves to { url, dataDir, stop() } once it prints its URL.
 * Extra environment (e.g. BACKCALM_TZ) can be passed in `env`.
 */
export function startServer({ env = {}, args = [] } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'backcalm-e2e-'));
  const child = spawn(BIN, ['--data-dir', dataDir, ...args, 'serve', '--bind', '127.0.0.1:0'], {
    env: { ...process.env, BACKCALM_TZ: 'Europe/London', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`backcalm serve did not start:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) {
        clearTimeout(timer);
        ok({
          url: m[0],
          dataDir,
          child,
          async stop() {
            child.kill('SIGTERM');
            await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
            rmSync(dataDir, { recursive: true, force: true });
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (output += c));
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`backcalm serve exited with ${code}:\n${output}`));
    });
  });
}
