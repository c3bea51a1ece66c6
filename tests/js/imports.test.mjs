// One import style in crates/web/static: every module names the modules it
// uses relative to itself ('./x.js', '../x.js'), and each of them exists.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const STATIC = fileURLToPath(new URL('../../crates/web/static/', import.meta.url));

function scripts(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return scripts(p);
    return e.name.endsWith('.js') ? [p] : [];
  });
}

/** Every module specifier in `code`: static imports, re-exports and import(). */
function specifiers(code) {
  const found = [];
  for (const m of code.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push(m[1]);
  for (const m of code.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push(m[1]);
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

test('the scanner sees every form of import', () => {
  assert.deepEqual(
    specifiers("import { a } from './a.js';\nimport * as b from '../b.js';\nexport { c } from \"./c.js\";\nimport './d.js';\nconst e = await import('/static/e.js');"),
    ['./a.js', '../b.js', './c.js', './d.js', '/static/e.js'],
  );
});

test('every import in static/ is relative and names a file that exists', () => {
  const files = scripts(STATIC);
  assert.ok(files.length >= 25, `found only ${files.length} scripts under ${STATIC}`);
  let imports = 0;
  for (const file of files) {
    const name = relative(STATIC, file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      imports += 1;
      assert.match(spec, /^\.\.?\//, `${name} imports ${spec}; write it relative to the file`);
      assert.ok(existsSync(join(dirname(file), spec)), `${name} imports ${spec}, which does not exist`);
    }
  }
  assert.ok(imports >= 30, `found only ${imports} imports`);
});
