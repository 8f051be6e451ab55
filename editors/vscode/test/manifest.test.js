// The extension's manifest and the files it names are valid: the language,
// its grammar and configuration, the settings and the entry point.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const read = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));

const manifest = read('package.json');
for (const key of ['name', 'version', 'publisher', 'engines', 'main', 'contributes']) {
  assert.ok(manifest[key], `package.json has no ${key}`);
}
assert.match(manifest.engines.vscode, /^\^\d+\.\d+\.\d+$/);

const [language] = manifest.contributes.languages;
assert.equal(language.id, 'huanjie');
assert.deepEqual(language.extensions, ['.hj']);
const config = read(language.configuration);
assert.deepEqual(config.comments, { lineComment: '//', blockComment: ['/*', '*/'] });
assert.ok(config.brackets.some(([open, close]) => open === '{' && close === '}'));
assert.ok(config.brackets.some(([open, close]) => open === '（' && close === '）'));

const [grammar] = manifest.contributes.grammars;
assert.equal(grammar.language, 'huanjie');
const tm = read(grammar.path);
assert.equal(tm.scopeName, grammar.scopeName);
// Every `include` of the grammar names a rule of its repository.
const includes = JSON.stringify(tm).match(/"include":"#[^"]+"/g) || [];
for (const inc of includes) {
  const name = inc.slice('"include":"#'.length, -1);
  assert.ok(tm.repository[name], `the grammar includes #${name}, which it does not define`);
}

const settings = manifest.contributes.configuration.properties;
assert.equal(settings['huanjie.server.path'].default, 'huanjie');
assert.deepEqual(settings['huanjie.lang'].enum, ['', 'zh', 'en']);

// The entry point parses and starts `huanjie lsp` with the configured path.
const main = path.join(root, manifest.main);
execFileSync(process.execPath, ['--check', main]);
const source = fs.readFileSync(main, 'utf8');
assert.match(source, /args: \['lsp'\]/);
assert.match(source, /server\.path/);
assert.ok(manifest.dependencies['vscode-languageclient'], 'the client library is a dependency');

console.log('manifest: ok');
