//! `huanjie lsp`: a language server over stdio (docs/design/lsp.md).
//!
//! The server is a thin layer over the pure core: every analysis is
//! [`crate::lint`] over the open documents and their folders' files (the
//! CLI's codes and messages), plus an [`index::Index`] of names built from
//! the resolved program. Requests are answered from the latest analysis;
//! edits are debounced ([`DEBOUNCE`]): a new analysis runs when the client
//! has been quiet that long, or when a request needs it.
//!
//! Built on `lsp-server` (the synchronous, transport-only crate that
//! rust-analyzer uses: no async runtime for a single-threaded server) and
//! `lsp-types` (the protocol's types).

mod complete;
pub mod convert;
mod features;
mod hover;
pub mod index;
mod symbols;
pub mod workspace;

pub use workspace::{collect_sources, format_document};

use crate::diag::Lang;
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::{
    InitializeParams, OneOf, PublishDiagnosticsParams, RenameOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, Url,
};
use std::rc::Rc;
use std::time::Duration;
use workspace::{Analysis, Document, Documents};

/// How long the client must be quiet after an edit before the documents are
/// analysed again (a request that needs the analysis does not wait).
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// An error that ends the server (the connection broke).
pub type ServeError = Box<dyn std::error::Error + Send + Sync>;

/// Runs the server on stdin and stdout until the client shuts it down.
/// `lang` is the language of messages when the client names none.
pub fn run_stdio(lang: Option<Lang>) -> Result<(), ServeError> {
    let (connection, threads) = Connection::stdio();
    serve(&connection, lang)?;
    drop(connection);
    threads.join()?;
    Ok(())
}

/// Runs the server on `connection`: the initialize handshake, then messages
/// until `shutdown` and `exit`. The language of messages is the
/// initialization option `lang` (`"zh"` or `"en"`), else `lang`, else the
/// client's locale (`en*` English), else Chinese.
pub fn serve(connection: &Connection, lang: Option<Lang>) -> Result<(), ServeError> {
    let (id, params) = connection.initialize_start()?;
    let init: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let option = init
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("lang"))
        .and_then(|l| l.as_str())
        .map(|l| Lang::from_locale(Some(l)));
    let lang = option
        .or(lang)
        .unwrap_or_else(|| Lang::from_locale(init.locale.as_deref()));
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": { "name": "huanjie", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result)?;
    let mut server = Server {
        connection,
        lang,
        docs: Documents::new(),
        current: None,
        last_good: None,
        dirty: false,
    };
    server.run()
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        completion_provider: Some(lsp_types::CompletionOptions::default()),
        rename_provider: Some(OneOf::Right(RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        document_symbol_provider: Some(OneOf::Left(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// The server's state.
struct Server<'c> {
    connection: &'c Connection,
    lang: Lang,
    docs: Documents,
    /// The analysis of the documents as they are (after [`Server::fresh`]).
    current: Option<Rc<Analysis>>,
    /// The latest analysis in which every open document parsed: completion
    /// takes names from it while the text being typed does not parse.
    last_good: Option<Rc<Analysis>>,
    /// The documents changed since the last analysis.
    dirty: bool,
}

impl Server<'_> {
    fn run(&mut self) -> Result<(), ServeError> {
        loop {
            let message = if self.dirty {
                match self.connection.receiver.recv_timeout(DEBOUNCE) {
                    Ok(m) => m,
                    Err(e) if e.is_timeout() => {
                        self.fresh()?;
                        continue;
                    }
                    Err(_) => return Ok(()),
                }
            } else {
                match self.connection.receiver.recv() {
                    Ok(m) => m,
                    Err(_) => return Ok(()),
                }
            };
            match message {
                Message::Request(request) => {
                    if self.connection.handle_shutdown(&request)? {
                        return Ok(());
                    }
                    let response = self.request(request)?;
                    self.connection.sender.send(response.into())?;
                }
                Message::Notification(n) => self.notification(n)?,
                Message::Response(_) => {}
            }
        }
    }

    /// Handles a notification; one whose parameters are malformed is
    /// ignored (a client's mistake must not end the server).
    fn notification(&mut self, n: Notification) -> Result<(), ServeError> {
        fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
            serde_json::from_value(n.params).ok()
        }
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n) else {
                    return Ok(());
                };
                let doc = Document {
                    text: p.text_document.text,
                    version: p.text_document.version,
                };
                self.docs.insert(p.text_document.uri, doc);
                self.dirty = true;
            }
            DidChangeTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n) else {
                    return Ok(());
                };
                // Full synchronisation: the last change is the whole text.
                if let (Some(change), Some(doc)) = (
                    p.content_changes.into_iter().last(),
                    self.docs.get_mut(&p.text_document.uri),
                ) {
                    doc.text = change.text;
                    doc.version = p.text_document.version;
                    self.dirty = true;
                }
            }
            DidCloseTextDocument::METHOD => {
                let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n) else {
                    return Ok(());
                };
                if self.docs.remove(&p.text_document.uri).is_some() {
                    self.publish(p.text_document.uri, Vec::new(), None)?;
                    self.dirty = true;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The analysis of the documents as they are now (analysing them and
    /// publishing the diagnostics if they changed).
    fn fresh(&mut self) -> Result<Rc<Analysis>, ServeError> {
        if let (false, Some(a)) = (self.dirty, &self.current) {
            return Ok(a.clone());
        }
        let analysis = Rc::new(workspace::analyse(collect_sources(&self.docs)));
        self.dirty = false;
        self.current = Some(analysis.clone());
        if analysis.open_documents_parsed() {
            self.last_good = Some(analysis.clone());
        }
        for (uri, diags) in analysis.diagnostics_by_document() {
            let uri_of = |f| analysis.uri_of(f);
            let list = diags
                .iter()
                .map(|d| convert::diagnostic(d, &analysis.map, self.lang, &uri_of))
                .collect();
            let version = self.docs.get(&uri).map(|d| d.version);
            self.publish(uri, list, version)?;
        }
        Ok(analysis)
    }

    fn publish(
        &self,
        uri: Url,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), ServeError> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let n = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        self.connection.sender.send(n.into())?;
        Ok(())
    }

    fn request(&mut self, request: Request) -> Result<Response, ServeError> {
        let analysis = self.fresh()?;
        let last_good = self.last_good.clone();
        let ctx = features::Ctx {
            analysis: &analysis,
            last_good: last_good.as_deref(),
            docs: &self.docs,
            lang: self.lang,
        };
        Ok(features::answer(&ctx, request))
    }
}
