// Bundles the extension client, the language server and the CLI into dist/.
// `--production` minifies and drops source maps (used by `npm run package`).
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const require = createRequire(import.meta.url);

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * convox.schema.json ships beside dist/ (the extension package includes schemas/): the server and the CLI read it from
 * there when they start instead of carrying a second copy in their bundles.
 */
const schemaFromFile = {
  name: 'schema-from-file',
  setup(build) {
    build.onLoad({ filter: /[\\/]schemas[\\/]convox\.schema\.json$/ }, () => ({
      loader: 'js',
      contents: `const file = require('path').join(__dirname, '..', 'schemas', 'convox.schema.json');
        try { module.exports = JSON.parse(require('fs').readFileSync(file, 'utf8')); }
        catch (error) { throw new Error('convox-yml: cannot read ' + file + ' (it ships beside dist/): ' + error.message); }`,
    }));
  },
};

/**
 * `yaml`'s ES module build (the one its package offers to bundlers) instead of its CommonJS one: esbuild then calls
 * its functions directly rather than through CommonJS export getters (a few percent of every keystroke's work on
 * large manifests) and leaves out what is never imported. The two builds differ only in decoding `!!binary`.
 */
const yamlModules = {
  name: 'yaml-esm',
  setup(build) {
    const entry = path.join(path.dirname(require.resolve('yaml/package.json')), 'browser', 'index.js');
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: entry }));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [schemaFromFile, yamlModules],
};

// `--outdir=<dir>` builds somewhere else than dist/: the benchmark builds its own copy, which a concurrent
// `npm run build` cannot replace while it is measured.
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: `${outdir}/client.js`, external: ['vscode'] },
  // dist/server.js loads dist/server-main.js (the server) through V8's code cache (server/src/launcher.ts).
  { entryPoints: ['server/src/launcher.ts'], outfile: `${outdir}/server.js`, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/server.ts'], outfile: `${outdir}/server-main.js` },
  { entryPoints: ['server/src/cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const entry of entries) (await esbuild.context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
