// Starts a real `backcalm serve` on a free port with a fresh data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');

/** The backcalm binary the tests drive (scripts/test builds it first). */
export const BIN = process.env.BACKCALM_BIN || join(root, 'target/debug/backcalm');

/**
 * Starts the server; resolves to { url, dataDir, stop(), down(), up() } once
 * it prints its URL. Extra environment (e.g. BACKCALM_TZ) can be passed in
 * `env`; `args` go before `serve` (e.g. `--data-dir`), `serveArgs` after it
 * (e.g. `--accounts`). `down()` stops the process and keeps its journal; `up()` starts it
 * again on the same port and data directory (the server was down, the
 * device stayed online).
 */
export function startServer({ env = {}, args = [], serveArgs = [], port = 0, dataDir = null } = {}) {
  const dir = dataDir || mkdtempSync(join(tmpdir(), 'backcalm-e2e-'));
  return spawnServer({ env, args, serveArgs, port, dataDir: dir });
}

function spawnServer({ env, args, serveArgs, port, dataDir }) {
  const child = spawn(BIN, ['--data-dir', dataDir, ...args, 'serve', ...serveArgs, '--bind', `127.0.0.1:${port}`], {
    env: { ...process.env, BACKCALM_TZ: 'Europe/London', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let started = false;
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`backcalm serve did not start:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const m = output.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m && !started) {
        started = true;
        clearTimeout(timer);
        child.removeListener('exit', early);
        const exited = () => new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', r)));
        const server = {
          url: m[0],
          dataDir,
          child,
          async down() {
            child.kill('SIGTERM');
            await exited();
          },
          async up() {
            const again = await spawnServer({ env, args, serveArgs, port: Number(m[1]), dataDir });
            Object.assign(server, { child: again.child, down: again.down, up: again.up, stop: again.stop });
            return server;
          },
          async stop() {
            await server.down();
            rmSync(dataDir, { recursive: true, force: true });
          },
        };
        ok(server);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (output += c));
    const early = (code) => {
      clearTimeout(timer);
      fail(new Error(`backcalm serve exited with ${code}:\n${output}`));
    };
    child.once('exit', early);
  });
}
