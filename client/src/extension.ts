// VS Code side of convox-yml: a thin client. All language features live in the
// standalone server (dist/server.js) so editors other than VS Code can use it too.
import { ExtensionContext, commands, workspace } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { registerConvertCommands } from './convert';

let client: LanguageClient | undefined;

export async function activate(context: ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // The server opens no network connections, but with NODE_EXTRA_CA_CERTS set (corporate proxies) Node 20 parses
  // every root certificate when it starts, before running any code: ~85 ms of each start on the machine where the
  // benchmark runs (bench/README.md). Unset for the server only; an undefined variable is left out of its environment.
  const env = { NODE_EXTRA_CA_CERTS: undefined };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { env } },
    // Fixed port so an "Attach to Node Process" launch config can find the server.
    debug: { module: serverModule, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6011'] } },
  };

  const watcher = workspace.createFileSystemWatcher('**/{convox*.yml,convox*.yaml}');
  // The nginx configs and Dockerfiles a manifest's services build: a change re-checks the manifests.
  const buildWatcher = workspace.createFileSystemWatcher('**/{*.conf,*.conf.template,*.tpl,Dockerfile*}');
  context.subscriptions.push(watcher, buildWatcher);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'convox' },
      { scheme: 'untitled', language: 'convox' },
      // Remote/GitHub repositories: the package.json declares limited virtual-workspace support.
      { scheme: 'vscode-vfs', language: 'convox' },
      // nginx configs: diagnostics and quick fixes for the ones a service builds into its image.
      { scheme: 'file', language: 'nginx' },
      { scheme: 'file', pattern: '**/*.{conf,conf.template,tpl}' },
      // docker-compose files: the report of converting them to convox.yml, as information diagnostics.
      { scheme: 'file', pattern: '**/{docker-compose,compose}*.{yml,yaml}' },
    ],
    synchronize: {
      configurationSection: 'convox',
      // Overlay manifests (convox.staging.yml) can change what the open manifest resolves to.
      fileEvents: [watcher, buildWatcher],
    },
    // A function so a restart sends the current settings and trust state. The server must
    // not read referenced files (Dockerfiles, nginx configs) when `trusted` is false.
    initializationOptions: () => ({
      settings: workspace.getConfiguration('convox'),
      trusted: workspace.isTrusted,
    }),
    outputChannelName: 'Convox',
  };

  client = new LanguageClient('convox', 'Convox Language Server', serverOptions, clientOptions);

  context.subscriptions.push(
    commands.registerCommand('convox.restartServer', () => client?.restart()),
    commands.registerCommand('convox.showOutput', () => client?.outputChannel.show(true)),
    // Trust is only read at initialize, so granting it needs a fresh server.
    workspace.onDidGrantWorkspaceTrust(() => client?.restart()),
  );
  registerConvertCommands(context, () => client);

  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
