// The huanjie extension: starts `huanjie lsp` (path from the setting
// `huanjie.server.path`) and connects VS Code to it over stdio.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration('huanjie');
  const command = config.get('server.path') || 'huanjie';
  const lang = config.get('lang') || (vscode.env.language.startsWith('en') ? 'en' : 'zh');
  const run = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient(
    'huanjie',
    'huanjie',
    { run, debug: run },
    {
      documentSelector: [{ scheme: 'file', language: 'huanjie' }],
      initializationOptions: { lang },
    },
  );
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('huanjie')) {
        vscode.window.showInformationMessage(
          'huanjie: reload the window to apply the new settings / 重新加载窗口以使新设置生效',
        );
      }
    }),
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
