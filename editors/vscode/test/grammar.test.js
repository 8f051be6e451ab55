// The TextMate grammar on the library's procedures: keywords (every one of
// grammar/huanjie.pest, both languages), strings, comments, dates and
// numbers get their scopes, and no character that is not white space is
// left with the bare file scope.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const oniguruma = require('vscode-oniguruma');
const textmate = require('vscode-textmate');

const root = path.join(__dirname, '..');
const repo = path.join(root, '..', '..');
const grammarFile = path.join(root, 'syntaxes', 'huanjie.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) =>
      scope === 'source.huanjie'
        ? textmate.parseRawGrammar(fs.readFileSync(grammarFile, 'utf8'), grammarFile)
        : null,
  });
  return registry.loadGrammar('source.huanjie');
}

// Tokens of a text, line by line: { line, text, scopes }.
function tokenize(grammar, text) {
  let stack = textmate.INITIAL;
  const out = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const r = grammar.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      out.push({ line: i + 1, col: t.startIndex + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

// The scope of the token that holds `needle` in `line`.
function scopeOf(grammar, line, needle) {
  const at = line.indexOf(needle);
  const token = tokenize(grammar, line).find((t) => t.col - 1 <= at && at < t.col - 1 + t.text.length);
  return token ? token.scopes.join(' ') : '';
}

// The keywords of the language as the pest grammar spells them.
function pestKeywords() {
  const pest = fs.readFileSync(path.join(repo, 'grammar', 'huanjie.pest'), 'utf8');
  const words = new Set();
  for (const line of pest.split('\n')) {
    const m = line.match(/^(kw_\w+|cmp_\w+_word|cn_(ne|gt|lt|eq|majority|half)|post_\w+|unit_\w+)\s*=\s*@\{(.*)$/);
    if (!m) continue;
    const body = m[3].split('!XID_CONTINUE')[0];
    for (const w of spellings(body)) words.add(w);
  }
  return [...words];
}

// Every spelling of a pest expression made of strings, `~ ws1 ~`, `|` and
// parentheses (`("less" | "fewer") ~ ws1 ~ "than"` is two spellings).
function spellings(body) {
  const tokens = body.match(/"[^"]*"|[|()]/g) || [];
  let i = 0;
  const alternatives = () => {
    let out = sequence();
    while (tokens[i] === '|') {
      i += 1;
      out = out.concat(sequence());
    }
    return out;
  };
  const sequence = () => {
    let out = [''];
    while (i < tokens.length && tokens[i] !== '|' && tokens[i] !== ')') {
      let parts;
      if (tokens[i] === '(') {
        i += 1;
        parts = alternatives();
        i += 1;
      } else {
        parts = [tokens[i].slice(1, -1)];
        i += 1;
      }
      out = out.flatMap((a) => parts.map((b) => (a && b ? `${a} ${b}` : a + b)));
    }
    return out;
  };
  return alternatives().filter((w) => w !== '');
}

const KEYWORD = /(keyword|storage\.type|constant\.language|support\.)/;

async function main() {
  const grammar = await loadGrammar();
  const failures = [];

  // 1. Every keyword, alone between spaces, is a keyword.
  const keywords = pestKeywords();
  assert.ok(keywords.length > 100, `only ${keywords.length} keywords read from the pest grammar`);
  for (const k of keywords) {
    const scope = scopeOf(grammar, ` ${k} `, k);
    if (!KEYWORD.test(scope)) failures.push(`keyword ${k}: ${scope}`);
  }

  // 2. Literals, comments, strings, and names that merely contain a keyword.
  const cases = [
    ['// 注释 阶段', '注释', /comment\.line/],
    ['/* 块注释 */ 阶段', '块注释', /comment\.block/],
    ['阶段 甲 "标题 阶段" {}', '标题', /string\.quoted\.double/],
    ['依据 方案 “原文”', '原文', /string\.quoted\.other/],
    ['期限 2020-12-10 至 2021年1月31日', '2020-12-10', /constant\.numeric\.date/],
    ['期限 2020-12-10 至 2021年1月31日', '2021年1月31日', /constant\.numeric\.date/],
    ['自 公告 之日起 五日内', '五', /constant\.numeric/],
    ['自 公告 之日起 五日内', '日内', /keyword/],
    ['在 投票选举 的 20日前', '20', /constant\.numeric/],
    ['在 投票选举 的 20日前', '日前', /keyword/],
    ['参数 差额比例: 比例 = 百分之二十', '百分之二十', /constant\.numeric\.percent/],
    ['参数 到会比例: 比例 = 五分之四', '五分之四', /constant\.numeric\.fraction/],
    ['参数 到会比例: 比例 = 五分之四', '比例 =', /support\.type/],
    ['要求 人数 为 100 以上', '100', /constant\.numeric\.integer/],
    ['要求 人数 为 100 以上', '以上', /keyword\.operator\.comparison/],
    ['要求 a >= 1/2 of b', '1/2', /constant\.numeric\.fraction/],
    ['阶段 所在地核实 {}', '所在地核实', /variable\.other\.name/],
    ['阶段 三推一选 {}', '三推一选', /variable\.other\.name/],
    ['在 投票选举.结束 之后', '结束', /variable\.language\.endpoint/],
    ['要求 向上取整(名额(委员) 的 差额比例)', '向上取整', /support\.function/],
  ];
  for (const [line, needle, want] of cases) {
    const scope = scopeOf(grammar, line, needle);
    if (!want.test(scope)) failures.push(`${line} — ${needle}: ${scope}`);
  }

  // 3. Every file of the library: nothing left with the bare file scope.
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.hj')) files.push(p);
    }
  };
  walk(path.join(repo, 'procedures'));
  assert.ok(files.length >= 8, `only ${files.length} procedure files found`);
  let tokens = 0;
  let comments = 0;
  let strings = 0;
  for (const file of files) {
    for (const t of tokenize(grammar, fs.readFileSync(file, 'utf8'))) {
      tokens += 1;
      const scope = t.scopes.join(' ');
      if (/comment/.test(scope)) comments += 1;
      if (/string/.test(scope)) strings += 1;
      if (t.text.trim() !== '' && t.scopes.length < 2) {
        failures.push(`${path.relative(repo, file)}:${t.line}:${t.col} unscoped ${JSON.stringify(t.text)}`);
      }
    }
  }
  assert.ok(comments > 0 && strings > 0, 'the library has comments and strings');

  if (failures.length) {
    console.error(failures.slice(0, 50).join('\n'));
    console.error(`grammar: ${failures.length} failures`);
    process.exit(1);
  }
  console.log(`grammar: ${keywords.length} keywords, ${cases.length} cases, ${files.length} files (${tokens} tokens): ok`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
