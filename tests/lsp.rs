//! `huanjie lsp` driven with LSP JSON-RPC messages: the server runs in a
//! thread on an in-memory connection (`lsp_server::Connection::memory`),
//! the test is the client. Files live in a folder under the test target
//! directory, since the server reads an open document's neighbours.
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails by panicking, and a broken protocol exchange is a failed test"
)]

use huanjie::diag::Lang;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use lsp_types::Url;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(30);

/// A procedure with a phase, facts at both levels, a cited basis.
const PROCEDURE: &str = r#"// 测试用程序
程序 测试 "测试程序" {
  依据文件 法 "某选举法"
  事实 登记选民: 计数
  参数 公告天数: 天数 = 20 依据 法 "选举公告应在选举日20日前发布。"
  环节 准备 "准备阶段" {
    阶段 公告 "发布选举公告" {
      在 投票 的 公告天数 日前 依据 法 "选举公告应在选举日20日前发布。"
    }
  }
  阶段 投票 "投票选举" {
    事实 参加投票: 计数
    法定人数 参加投票 过半数 登记选民 依据 法 "选举须有过半数的选民参加投票。"
  }
}
"#;

/// A plan in another file that dates the procedure's stage.
const PLAN: &str = r#"计划 本届 "本届安排" 适用于 测试 {
  投票 于 2021-01-28
}
"#;

struct Client {
    conn: Connection,
    server: Option<JoinHandle<()>>,
    next: i32,
    /// The latest diagnostics published per document.
    published: HashMap<Url, Value>,
    dir: PathBuf,
}

impl Client {
    /// A server started with `options`, and a fresh folder `name`.
    fn start(name: &str, options: Value) -> Client {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("lsp-{name}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (server, conn) = Connection::memory();
        let handle = std::thread::spawn(move || {
            huanjie::lsp::serve(&server, None).unwrap();
        });
        let mut client = Client {
            conn,
            server: Some(handle),
            next: 0,
            published: HashMap::new(),
            dir,
        };
        let init = json!({ "capabilities": {}, "initializationOptions": options });
        let result = client.request("initialize", init);
        assert_eq!(
            result["capabilities"]["textDocumentSync"],
            json!(1),
            "full sync"
        );
        client.notify("initialized", json!({}));
        client
    }

    fn uri(&self, file: &str) -> Url {
        Url::from_file_path(self.dir.join(file)).unwrap()
    }

    /// Writes a file of the folder (not opened).
    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.join(file), text).unwrap();
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_string(), params);
        self.conn.sender.send(Message::Notification(n)).unwrap();
    }

    fn open(&self, file: &str, text: &str) -> Url {
        self.write(file, text);
        let uri = self.uri(file);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "huanjie", "version": 1, "text": text } }),
        );
        uri
    }

    fn change(&self, uri: &Url, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    /// Handles one message from the server (keeps diagnostics); the
    /// result of a response to `id`.
    fn receive(&mut self, id: Option<&RequestId>) -> Option<Value> {
        let message = self
            .conn
            .receiver
            .recv_timeout(WAIT)
            .expect("the server answers");
        match message {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                let uri: Url = serde_json::from_value(n.params["uri"].clone()).unwrap();
                self.published.insert(uri, n.params["diagnostics"].clone());
                None
            }
            Message::Response(r) if Some(&r.id) == id => {
                assert!(r.error.is_none(), "error response: {:?}", r.error);
                Some(r.result.unwrap_or(Value::Null))
            }
            _ => None,
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = RequestId::from(self.next);
        let req = Request::new(id.clone(), method.to_string(), params);
        self.conn.sender.send(Message::Request(req)).unwrap();
        loop {
            if let Some(result) = self.receive(Some(&id)) {
                return result;
            }
        }
    }

    /// The request's error message (the request must fail).
    fn request_error(&mut self, method: &str, params: Value) -> String {
        self.next += 1;
        let id = RequestId::from(self.next);
        let req = Request::new(id.clone(), method.to_string(), params);
        self.conn.sender.send(Message::Request(req)).unwrap();
        let deadline = Instant::now() + WAIT;
        while Instant::now() < deadline {
            match self.conn.receiver.recv_timeout(WAIT).unwrap() {
                Message::Response(r) if r.id == id => return r.error.expect("an error").message,
                _ => {}
            }
        }
        panic!("no answer to {method}");
    }

    /// The diagnostics the server publishes for `uri` once it has
    /// analysed the documents as they are (published by the debounced
    /// analysis, or by the one a request triggers).
    fn diagnostics(&mut self, uri: &Url) -> Vec<Value> {
        self.published.remove(uri);
        // Any request makes the server analyse the current text first.
        self.request(
            "textDocument/documentSymbol",
            json!({ "textDocument": { "uri": uri } }),
        );
        let deadline = Instant::now() + WAIT;
        while !self.published.contains_key(uri) && Instant::now() < deadline {
            self.receive(None);
        }
        let list = self.published.get(uri).cloned().unwrap_or(Value::Null);
        list.as_array().cloned().unwrap_or_default()
    }

    fn at(&self, uri: &Url, text: &str, needle: &str, nth: usize) -> Value {
        let offset = text
            .match_indices(needle)
            .nth(nth)
            .map(|(i, _)| i)
            .expect("needle");
        json!({ "textDocument": { "uri": uri }, "position": utf16_position(text, offset) })
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        self.next += 1;
        let req = Request::new(
            RequestId::from(self.next),
            "shutdown".to_string(),
            Value::Null,
        );
        let _ = self.conn.sender.send(Message::Request(req));
        self.notify("exit", Value::Null);
        if let Some(h) = self.server.take() {
            let _ = h.join();
        }
    }
}

/// The LSP position of byte `offset`, computed independently of the server.
fn utf16_position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let character = before[start..].encode_utf16().count();
    json!({ "line": line, "character": character })
}

#[test]
fn an_error_is_published_with_its_code_and_range_and_cleared_when_fixed() {
    let mut c = Client::start("error", json!({}));
    let broken = PROCEDURE.replace("在 投票 的", "在 投票选举日 的");
    let uri = c.open("proc.hj", &broken);
    let diags = c.diagnostics(&uri);
    let d = diags
        .iter()
        .find(|d| d["code"] == "HJ104")
        .expect("HJ104 for the unknown stage");
    assert_eq!(d["severity"], json!(1));
    assert_eq!(d["source"], "huanjie");
    let at = broken.find("投票选举日").unwrap();
    assert_eq!(d["range"]["start"], utf16_position(&broken, at));
    assert_eq!(
        d["range"]["end"],
        utf16_position(&broken, at + "投票选举日".len())
    );
    assert!(d["message"].as_str().unwrap().contains("投票选举日"), "{d}");
    c.change(&uri, 2, PROCEDURE);
    assert_eq!(
        c.diagnostics(&uri),
        Vec::<Value>::new(),
        "the fixed text is clean"
    );
}

#[test]
fn chinese_text_before_an_error_gives_utf16_ranges_and_english_on_request() {
    let mut c = Client::start("utf16", json!({ "lang": "en" }));
    // Chinese, a character outside the BMP (two UTF-16 units), then the error.
    let text = PROCEDURE.replace(
        "法定人数 参加投票 过半数 登记选民",
        "/* 𠀀选举 */ 法定人数 参加投票 过半数 登记选民人数",
    );
    let uri = c.open("proc.hj", &text);
    let diags = c.diagnostics(&uri);
    let d = diags
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("登记选民人数"))
        })
        .expect("the error");
    let at = text.find("登记选民人数").unwrap();
    assert_eq!(d["range"]["start"], utf16_position(&text, at));
    assert_eq!(
        d["range"]["end"],
        utf16_position(&text, at + "登记选民人数".len())
    );
    // Bytes or chars would give another column: the check is not vacuous.
    let line_start = text[..at].rfind('\n').unwrap() + 1;
    assert_ne!(
        text[line_start..at].chars().count(),
        text[line_start..at].encode_utf16().count()
    );
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("did you mean"), "English help: {message}");
}

#[test]
fn hover_on_a_stage_shows_its_explanation_and_legal_text() {
    let mut c = Client::start("hover", json!({}));
    let uri = c.open("proc.hj", PROCEDURE);
    // On a use of the stage (in 公告's timing), not its declaration.
    let hover = c.request("textDocument/hover", c.at(&uri, PROCEDURE, "投票", 0));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("选举须有过半数的选民参加投票。"), "{text}");
    assert!(text.contains("投票选举"), "the title: {text}");
    // On a parameter: its value and source.
    let hover = c.request("textDocument/hover", c.at(&uri, PROCEDURE, "公告天数", 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("公告天数") && text.contains("20"), "{text}");
    assert!(
        text.contains("某选举法") && text.contains("选举公告应在选举日20日前发布。"),
        "{text}"
    );
    // On a fact (its type and who gives it) and on a basis (its title).
    let hover = c.request("textDocument/hover", c.at(&uri, PROCEDURE, "登记选民", 1));
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("事实 `登记选民`") && text.contains("计数"),
        "{text}"
    );
    let hover = c.request("textDocument/hover", c.at(&uri, PROCEDURE, "依据 法", 0));
    assert!(hover.is_null(), "the keyword 依据 is not a name");
    let hover = c.request(
        "textDocument/hover",
        c.at(&uri, PROCEDURE, "法 \"选举须", 0),
    );
    let text = hover["contents"]["value"].as_str().unwrap();
    assert!(text.contains("《某选举法》"), "{text}");
}

#[test]
fn definition_and_references_reach_across_files() {
    let mut c = Client::start("definition", json!({}));
    c.write("proc.hj", PROCEDURE);
    let plan = c.open("plan.hj", PLAN);
    let proc = c.uri("proc.hj");
    let def = c.request("textDocument/definition", c.at(&plan, PLAN, "投票", 0));
    assert_eq!(def["uri"], json!(proc));
    let decl = PROCEDURE.find("阶段 投票").unwrap() + "阶段 ".len();
    assert_eq!(def["range"]["start"], utf16_position(PROCEDURE, decl));
    // The procedure named by the plan.
    let def = c.request("textDocument/definition", c.at(&plan, PLAN, "测试", 0));
    assert_eq!(def["uri"], json!(proc));
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": plan }, "position": utf16_position(PLAN, PLAN.find("投票").unwrap()),
                "context": { "includeDeclaration": true } }),
    );
    let refs = refs.as_array().unwrap();
    // The declaration, the use in 公告's timing, the plan's date.
    assert_eq!(refs.len(), 3, "{refs:?}");
    assert_eq!(refs.iter().filter(|r| r["uri"] == json!(plan)).count(), 1);
}

#[test]
fn completion_inside_a_rule_offers_the_facts_while_the_text_does_not_parse() {
    let mut c = Client::start("completion", json!({}));
    let uri = c.open("proc.hj", PROCEDURE);
    assert!(c.diagnostics(&uri).is_empty());
    let typing = PROCEDURE.replace("    法定人数 参加投票", "    要求 \n    法定人数 参加投票");
    c.change(&uri, 2, &typing);
    let at = typing.find("要求 ").unwrap() + "要求 ".len();
    let params = json!({ "textDocument": { "uri": uri }, "position": utf16_position(&typing, at) });
    let items = c.request("textDocument/completion", params);
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    for want in ["参加投票", "登记选民", "公告天数", "过半数", "不少于"] {
        assert!(labels.contains(&want), "{want} not offered: {labels:?}");
    }
    // At the start of a line in a stage: keywords of both languages.
    let at = typing.find("    要求").unwrap() + 4;
    let params = json!({ "textDocument": { "uri": uri }, "position": utf16_position(&typing, at) });
    let items = c.request("textDocument/completion", params);
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"要求") && labels.contains(&"require") && !labels.contains(&"参加投票")
    );
}

#[test]
fn rename_changes_every_file_and_refuses_a_keyword() {
    let mut c = Client::start("rename", json!({}));
    c.write("plan.hj", PLAN);
    let uri = c.open("proc.hj", PROCEDURE);
    let at = c.at(&uri, PROCEDURE, "投票 \"投票选举\"", 0);
    let prepared = c.request("textDocument/prepareRename", at.clone());
    assert_eq!(prepared["placeholder"], "投票");
    let mut params = at.clone();
    params["newName"] = json!("选举日");
    let edit = c.request("textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    let in_proc = changes[c.uri("proc.hj").as_str()].as_array().unwrap();
    let in_plan = changes[c.uri("plan.hj").as_str()].as_array().unwrap();
    assert_eq!((in_proc.len(), in_plan.len()), (2, 1));
    assert!(in_proc
        .iter()
        .chain(in_plan)
        .all(|e| e["newText"] == "选举日"));
    let mut bad = at;
    bad["newName"] = json!("阶段");
    let message = c.request_error("textDocument/rename", bad);
    assert!(message.contains("阶段"), "{message}");
}

#[test]
fn document_symbols_outline_procedure_phases_and_stages() {
    let mut c = Client::start("symbols", json!({}));
    // A malformed notification is ignored, not fatal.
    c.notify("textDocument/didOpen", json!(42));
    let uri = c.open("proc.hj", PROCEDURE);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let [procedure] = symbols.as_array().unwrap().as_slice() else {
        panic!("one procedure: {symbols}");
    };
    assert_eq!(procedure["name"], "测试");
    let children = procedure["children"].as_array().unwrap();
    let names: Vec<&str> = children.iter().filter_map(|s| s["name"].as_str()).collect();
    assert_eq!(names, ["法", "登记选民", "公告天数", "准备", "投票"]);
    let phase = &children[3];
    assert_eq!(phase["children"][0]["name"], "公告");
    let stage = &children[4];
    assert_eq!(stage["children"][0]["name"], "参加投票");
    let decl = PROCEDURE.find("阶段 投票").unwrap() + "阶段 ".len();
    assert_eq!(
        stage["selectionRange"]["start"],
        utf16_position(PROCEDURE, decl)
    );
}

#[test]
fn formatting_answers_through_the_hook() {
    let mut c = Client::start("format", json!({}));
    let uri = c.open("proc.hj", PROCEDURE);
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let expected = match huanjie::lsp::format_document(PROCEDURE) {
        Some(f) if f != PROCEDURE => 1,
        _ => 0,
    };
    assert_eq!(edits.as_array().map(Vec::len), Some(expected));
    // A badly laid out text gets one whole-document edit: `huanjie fmt`'s.
    let messy = PROCEDURE.replace("\n  事实 登记选民", "\n事实   登记选民");
    let uri = c.open("messy.hj", &messy);
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = edits.as_array().expect("edits");
    assert_eq!(edits.len(), 1, "{edits:?}");
    let formatted = huanjie::fmt::format_text(huanjie::span::FileId(0), &messy).expect("formats");
    assert_eq!(edits[0]["newText"], json!(formatted));
    assert!(formatted.contains("\n  事实 登记选民"), "{formatted}");
}

#[test]
fn the_language_defaults_to_chinese() {
    assert_eq!(Lang::from_locale(None), Lang::Zh);
    let mut c = Client::start("chinese", json!({}));
    let uri = c.open(
        "proc.hj",
        &PROCEDURE.replace("登记选民 依据", "登记选民人数 依据"),
    );
    let diags = c.diagnostics(&uri);
    let message = diags[0]["message"].as_str().unwrap();
    assert!(message.contains("是否想写"), "{message}");
}

/// A rule set in one file, applied by a stage of a procedure in another.
const RULES: &str = r#"程序 甲 {
  依据文件 法 "某选举法"
  规则组 投票规则 "投票有效" {
    法定人数 参加投票 过半数 应到人数 依据 法 "过半数到会，选举有效。"
  }
  阶段 投票 {
    事实 参加投票: 计数
    事实 应到人数: 计数
    沿用 投票规则
  }
}
"#;

const APPLYING: &str = r#"程序 乙 {
  阶段 选举 {
    事实 参加投票: 计数
    事实 应到人数: 计数
    沿用 甲.投票规则
  }
}
"#;

#[test]
fn rule_sets_are_found_across_files_and_a_rename_keeps_them_consistent() {
    let mut c = Client::start("rulesets", json!({}));
    c.write("rules.hj", RULES);
    let uri = c.open("applying.hj", APPLYING);
    assert_eq!(c.diagnostics(&uri), Vec::<Value>::new());
    let rules = c.uri("rules.hj");
    let def = c.request(
        "textDocument/definition",
        c.at(&uri, APPLYING, "投票规则", 0),
    );
    assert_eq!(def["uri"], json!(rules));
    let decl = RULES.find("投票规则").unwrap();
    assert_eq!(def["range"]["start"], utf16_position(RULES, decl));
    // The procedure part of `甲.投票规则`.
    let def = c.request("textDocument/definition", c.at(&uri, APPLYING, "甲", 0));
    assert_eq!(
        def["range"]["start"],
        utf16_position(RULES, RULES.find("甲").unwrap())
    );
    // The set's rule reads the applying stage's fact: renaming that fact
    // renames the rule and the other stage's fact too, or 甲 would break.
    let mut params = c.at(&uri, APPLYING, "参加投票", 0);
    params["newName"] = json!("投票人数");
    let edit = c.request("textDocument/rename", params);
    let changes = edit["changes"].as_object().unwrap();
    let count = |u: &Url| {
        changes
            .get(u.as_str())
            .and_then(Value::as_array)
            .map_or(0, Vec::len)
    };
    assert_eq!((count(&uri), count(&rules)), (1, 2), "{edit}");
}
