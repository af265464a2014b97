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
      contents: "module.exports = JSON.parse(require('fs').readFileSync(require('path').join(__dirname, '..', 'schemas', 'convox.schema.json'), 'utf8'));",
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

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

if (watch) {
  for (const entry of entries) (await esbuild.context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
}
