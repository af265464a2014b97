// Bundles the extension client, the language server and the CLI into dist/.
// `--production` minifies and drops source maps (used by `npm run package`).
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);


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
 * One build of each package, the ES module one. `yaml`'s (the one its package offers to bundlers): esbuild then calls
 * its functions directly rather than through CommonJS export getters (a few percent of every keystroke's work on large
 * manifests) and leaves out what is never imported; it differs from the CommonJS build only in decoding `!!binary`.
 * `vscode-languageserver-types`: our `import`s would get its ES module build and the LSP libraries' `require`s its UMD
 * one, the same code twice (29 KB).
 */
const esModuleBuilds = {
  name: 'es-module-builds',
  setup(build) {
    const entries = {
      yaml: path.join(path.dirname(require.resolve('yaml/package.json')), 'browser', 'index.js'),
      // lib/umd/main.js is its main module (its package exports no package.json to find its folder by).
      'vscode-languageserver-types': path.join(path.dirname(require.resolve('vscode-languageserver-types')), '..', 'esm', 'main.js'),
    };
    build.onResolve({ filter: /^(yaml|vscode-languageserver-types)$/ }, (args) => ({ path: entries[args.path] }));
  },
};

/**
 * The server's converter (server/src/service/convert/run.ts, which server.ts `require`s the first time a compose file
 * or Procfile needs it) is a bundle of its own, dist/server-convert.js: editing convox.yml never loads it.
 */
const converterOnDemand = {
  name: 'converter-on-demand',
  setup(build) {
    build.onResolve({ filter: /^\.\/service\/convert\/run$/ }, (args) => (args.kind === 'require-call' ? { path: './server-convert.js', external: true } : undefined));
  },
};

/**
 * Node modules the LSP libraries require at load time for transports a stdio server never uses (pipes and sockets
 * name themselves with crypto; child_process finds global npm folders): loaded when first used instead, which for us
 * is never. Loading them cost every start ~5 ms.
 */
const builtinsOnFirstUse = {
  name: 'builtins-on-first-use',
  setup(build) {
    build.onResolve({ filter: /^(crypto|net|child_process)$/ }, (args) =>
      /[\\/]node_modules[\\/]vscode-(jsonrpc|languageserver)[\\/]/.test(args.importer) ? { path: args.path, namespace: 'builtin-on-first-use' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin-on-first-use' }, (args) => ({
      loader: 'js',
      contents: `let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require(${JSON.stringify(args.path)}))[key] });`,
    }));
  },
};

/** The options every bundle is built with (bench/run.mjs builds its library-only server with them too). */
export const commonOptions = ({ production }) => ({
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node18',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
  plugins: [schemaFromFile, esModuleBuilds, builtinsOnFirstUse],
});

// Run as a script, not when the benchmark imports commonOptions. `--outdir=<dir>` builds somewhere else than dist/:
// the benchmark builds its own copy, which a concurrent `npm run build` cannot replace while it is measured.
if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const common = commonOptions({ production: process.argv.includes('--production') });
  const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length) ?? 'dist';
  const entries = [
    { entryPoints: ['client/src/extension.ts'], outfile: `${outdir}/client.js`, external: ['vscode'] },
    // dist/server.js loads dist/server-main.js (the server) through V8's code cache (server/src/launcher.ts).
    { entryPoints: ['server/src/launcher.ts'], outfile: `${outdir}/server.js`, banner: { js: '#!/usr/bin/env node' } },
    { entryPoints: ['server/src/server.ts'], outfile: `${outdir}/server-main.js`, plugins: [...common.plugins, converterOnDemand] },
    { entryPoints: ['server/src/service/convert/run.ts'], outfile: `${outdir}/server-convert.js` },
    { entryPoints: ['server/src/cli/main.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } },
  ];
  if (process.argv.includes('--watch')) {
    for (const entry of entries) (await esbuild.context({ ...common, ...entry })).watch();
  } else {
    await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
  }
}
