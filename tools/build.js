#!/usr/bin/env node
// Fast build: transpiles every TypeScript source to CommonJS under dist/ with swc (about a second),
// rewriting the @app/* library aliases to relative paths. Type-checking is a separate step
// (`npm run typecheck`, run by `npm test`), so `npm start` is quick on a fresh clone.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const sourceFolders = ['apps', 'libs', 'bench', 'hardware'];
const outFolder = path.join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const testFile = /\.(spec|medium-spec|e2e-spec|browser-spec)\.ts$/;

function* walk(folder) {
  if (!fs.existsSync(folder)) return;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test') yield* walk(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !testFile.test(entry.name)) {
      yield full;
    }
  }
}

const options = (filename) => ({
  filename,
  sourceMaps: 'inline',
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    baseUrl: root,
    paths: { '@app/*': ['libs/*/src'] },
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
});

async function main() {
  const started = Date.now();
  const files = sourceFolders.flatMap((folder) => [...walk(path.join(root, folder))]);
  await Promise.all(
    files.map(async (file) => {
      const { code } = await swc.transformFile(file, options(file));
      const target = path.join(outFolder, path.relative(root, file)).replace(/\.ts$/, '.js');
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(target, code);
    }),
  );
  if (!quiet) console.log(`built ${files.length} files into dist/ in ${Date.now() - started} ms`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
