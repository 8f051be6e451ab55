//! The answers to requests: hover, go to definition, find references,
//! completion, rename (with prepareRename), document symbols, formatting.
//!
//! Each is a function of the analysis and the documents: nothing here
//! reads a file or keeps state.

use super::index::{key_span, Occurrence};
use super::workspace::{format_document, Analysis, Documents};
use super::{complete, convert, hover, symbols};
use crate::diag::{Lang, Text};
use lsp_server::{ErrorCode, Request, RequestId, Response};
use lsp_types::request::{
    Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    PrepareRenameRequest, References, Rename, Request as _,
};
use lsp_types::{
    CompletionResponse, DocumentSymbolResponse, GotoDefinitionResponse, Hover, HoverContents,
    Location, MarkupContent, MarkupKind, Position, PrepareRenameResponse,
    TextDocumentPositionParams, TextEdit, Url, WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashMap;

/// What a request is answered from.
pub struct Ctx<'a> {
    pub analysis: &'a Analysis,
    /// The latest analysis in which every open document parsed.
    pub last_good: Option<&'a Analysis>,
    pub docs: &'a Documents,
    pub lang: Lang,
}

/// The response to `request` (an error response for an unknown method or
/// malformed parameters).
pub fn answer(ctx: &Ctx<'_>, request: Request) -> Response {
    let id = request.id.clone();
    let result = match request.method.as_str() {
        HoverRequest::METHOD => with(request, |p| json(hover_at(ctx, &p))),
        GotoDefinition::METHOD => with(request, |p: lsp_types::GotoDefinitionParams| {
            json(definition(ctx, &p.text_document_position_params))
        }),
        References::METHOD => with(request, |p: lsp_types::ReferenceParams| {
            json(references(
                ctx,
                &p.text_document_position,
                p.context.include_declaration,
            ))
        }),
        Completion::METHOD => with(request, |p: lsp_types::CompletionParams| {
            json(completion(ctx, &p.text_document_position))
        }),
        PrepareRenameRequest::METHOD => with(request, |p| json(prepare_rename(ctx, &p))),
        Rename::METHOD => with(request, |p: lsp_types::RenameParams| {
            rename(ctx, &p.text_document_position, &p.new_name).and_then(|e| json(Some(e)))
        }),
        DocumentSymbolRequest::METHOD => with(request, |p: lsp_types::DocumentSymbolParams| {
            json(document_symbols(ctx, &p.text_document.uri))
        }),
        Formatting::METHOD => with(request, |p: lsp_types::DocumentFormattingParams| {
            json(formatting(ctx, &p.text_document.uri))
        }),
        _ => Err((
            ErrorCode::MethodNotFound,
            format!("unknown method {}", request.method),
        )),
    };
    respond(id, result)
}

type Answer = Result<Value, (ErrorCode, String)>;

fn with<P: DeserializeOwned>(request: Request, f: impl FnOnce(P) -> Answer) -> Answer {
    match serde_json::from_value::<P>(request.params) {
        Ok(p) => f(p),
        Err(e) => Err((ErrorCode::InvalidParams, e.to_string())),
    }
}

fn json<T: serde::Serialize>(value: T) -> Answer {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}

fn respond(id: RequestId, result: Answer) -> Response {
    match result {
        Ok(value) => Response::new_ok(id, value),
        Err((code, message)) => Response::new_err(id, code as i32, message),
    }
}

/// The occurrence of a name at a position, with the byte offset.
fn occurrence<'a>(ctx: &'a Ctx<'_>, at: &TextDocumentPositionParams) -> Option<&'a Occurrence> {
    let a = ctx.analysis;
    let file = a.file_of(&at.text_document.uri)?;
    let text = &a.map.get(file)?.text;
    let offset = convert::offset(text, at.position);
    a.index.at(file, offset)
}

fn location(a: &Analysis, span: crate::span::Span) -> Option<Location> {
    let (file, range) = convert::file_range(&a.map, span)?;
    Some(Location::new(a.uri_of(file)?, range))
}

fn hover_at(ctx: &Ctx<'_>, p: &lsp_types::HoverParams) -> Option<Hover> {
    let occ = occurrence(ctx, &p.text_document_position_params)?;
    let entity = ctx.analysis.index.entities.get(&occ.def)?;
    let text = hover::hover_text(ctx.analysis, entity, ctx.lang)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: convert::range(&ctx.analysis.map, occ.span),
    })
}

fn definition(ctx: &Ctx<'_>, at: &TextDocumentPositionParams) -> Option<GotoDefinitionResponse> {
    let occ = occurrence(ctx, at)?;
    let loc = location(ctx.analysis, key_span(occ.def))?;
    Some(GotoDefinitionResponse::Scalar(loc))
}

fn references(
    ctx: &Ctx<'_>,
    at: &TextDocumentPositionParams,
    declaration: bool,
) -> Option<Vec<Location>> {
    let occ = occurrence(ctx, at)?;
    let def = key_span(occ.def);
    let spans = ctx.analysis.index.references(occ.def);
    Some(
        spans
            .into_iter()
            .filter(|s| declaration || s.sort_key() != def.sort_key())
            .filter_map(|s| location(ctx.analysis, s))
            .collect(),
    )
}

fn completion(ctx: &Ctx<'_>, at: &TextDocumentPositionParams) -> Option<CompletionResponse> {
    let doc = ctx.docs.get(&at.text_document.uri)?;
    let offset = convert::offset(&doc.text, at.position);
    let analyses: Vec<&Analysis> = std::iter::once(ctx.analysis).chain(ctx.last_good).collect();
    let items = complete::complete(&doc.text, offset, &analyses, ctx.lang);
    Some(CompletionResponse::Array(items))
}

/// The name under the cursor, if it can be renamed, and every place to
/// change with it: each spells the name as its declaration does.
fn renameable<'a>(
    ctx: &'a Ctx<'_>,
    at: &TextDocumentPositionParams,
) -> Option<(&'a Occurrence, String, Vec<crate::span::Span>)> {
    let occ = occurrence(ctx, at)?;
    let map = &ctx.analysis.map;
    let def = key_span(occ.def);
    let name = map.get(def.file()?)?.slice(def).to_string();
    let spans = ctx.analysis.index.linked(occ.def);
    let all_spelled = spans.iter().all(|s| {
        s.file()
            .and_then(|f| map.get(f))
            .is_some_and(|f| f.slice(*s) == name)
    });
    (all_spelled && !name.is_empty()).then_some((occ, name, spans))
}

fn prepare_rename(ctx: &Ctx<'_>, at: &TextDocumentPositionParams) -> Option<PrepareRenameResponse> {
    let (occ, name, _) = renameable(ctx, at)?;
    let range = convert::range(&ctx.analysis.map, occ.span)?;
    Some(PrepareRenameResponse::RangeWithPlaceholder {
        range,
        placeholder: name,
    })
}

fn rename(
    ctx: &Ctx<'_>,
    at: &TextDocumentPositionParams,
    new_name: &str,
) -> Result<WorkspaceEdit, (ErrorCode, String)> {
    let refuse = |t: Text| (ErrorCode::InvalidParams, t.get(ctx.lang).to_string());
    let Some((_, _, spans)) = renameable(ctx, at) else {
        return Err(refuse(Text::new(
            "这里没有可以改名的名称",
            "there is no name to rename here",
        )));
    };
    if !symbols::valid_name(new_name) {
        return Err(refuse(Text::new(
            format!("`{new_name}` 不能作为名称：名称须是一个词，不能是关键字或数字"),
            format!("`{new_name}` cannot be a name: a name is one word, not a keyword or a number"),
        )));
    }
    let mut changes: HashMap<Url, Vec<TextEdit>> = HashMap::new();
    for span in spans {
        if let Some(loc) = location(ctx.analysis, span) {
            changes
                .entry(loc.uri)
                .or_default()
                .push(TextEdit::new(loc.range, new_name.to_string()));
        }
    }
    Ok(WorkspaceEdit::new(changes))
}

fn document_symbols(ctx: &Ctx<'_>, uri: &Url) -> Option<DocumentSymbolResponse> {
    let from = |a: &Analysis| {
        let file = a.file_of(uri)?;
        let ast = a.asts.get(file.0 as usize)?.as_ref()?;
        Some(symbols::outline(&a.map, ast))
    };
    let list = from(ctx.analysis).or_else(|| ctx.last_good.and_then(from))?;
    Some(DocumentSymbolResponse::Nested(list))
}

fn formatting(ctx: &Ctx<'_>, uri: &Url) -> Option<Vec<TextEdit>> {
    let doc = ctx.docs.get(uri)?;
    let Some(formatted) = format_document(&doc.text).filter(|f| *f != doc.text) else {
        return Some(Vec::new());
    };
    let file = crate::span::SourceFile::new("", doc.text.as_str());
    let end = convert::position(&file, doc.text.len());
    let whole = lsp_types::Range::new(Position::new(0, 0), end);
    Some(vec![TextEdit::new(whole, formatted)])
}
