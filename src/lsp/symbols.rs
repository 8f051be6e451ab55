//! The outline of a document (procedure → phases → stages, with the
//! procedure's bases, positions, parameters, facts and rule sets; plans
//! with their dated stages), and the checks of a rename.

use super::convert;
use crate::ast::{self, Item, PlanItem, ProcItem, StageItem};
use crate::span::{SourceMap, Span};
use lsp_types::{DocumentSymbol, SymbolKind};

/// The outline of `file`.
pub fn outline(map: &SourceMap, file: &ast::File) -> Vec<DocumentSymbol> {
    file.items
        .iter()
        .filter_map(|item| match item {
            Item::Procedure(p) => procedure(map, p),
            Item::Plan(p) => plan(map, p),
        })
        .collect()
}

fn procedure(map: &SourceMap, p: &ast::Procedure) -> Option<DocumentSymbol> {
    let mut children = Vec::new();
    for item in &p.items {
        let child = match item {
            ProcItem::Basis(b) => symbol(
                map,
                &b.name,
                Some(&b.title.value),
                SymbolKind::FILE,
                b.span,
                vec![],
            ),
            ProcItem::Position(x) => symbol(
                map,
                &x.name,
                title(&x.title),
                SymbolKind::ENUM_MEMBER,
                x.span,
                vec![],
            ),
            ProcItem::Fact(x) => symbol(map, &x.name, None, SymbolKind::FIELD, x.span, vec![]),
            ProcItem::Param(x) => symbol(map, &x.name, None, SymbolKind::CONSTANT, x.span, vec![]),
            ProcItem::Include(x) => symbol(
                map,
                &x.alias,
                Some(&x.procedure.name),
                SymbolKind::NAMESPACE,
                x.span,
                vec![],
            ),
            ProcItem::RuleSet(x) => symbol(
                map,
                &x.name,
                title(&x.title),
                SymbolKind::INTERFACE,
                x.span,
                vec![],
            ),
            ProcItem::Phase(ph) => {
                let stages = ph.stages.iter().filter_map(|s| stage(map, s)).collect();
                symbol(
                    map,
                    &ph.name,
                    title(&ph.title),
                    SymbolKind::MODULE,
                    ph.span,
                    stages,
                )
            }
            ProcItem::Stage(s) => stage(map, s),
            ProcItem::Extend(x) => symbol(map, &x.target, None, SymbolKind::EVENT, x.span, vec![]),
            ProcItem::Setting(_) | ProcItem::Manual(_) => None,
        };
        children.extend(child);
    }
    symbol(
        map,
        &p.name,
        title(&p.title),
        SymbolKind::PACKAGE,
        p.span,
        children,
    )
}

fn stage(map: &SourceMap, s: &ast::Stage) -> Option<DocumentSymbol> {
    let facts = s
        .items
        .iter()
        .filter_map(|i| match i {
            StageItem::Fact(f) => symbol(map, &f.name, None, SymbolKind::FIELD, f.span, vec![]),
            _ => None,
        })
        .collect();
    symbol(
        map,
        &s.name,
        title(&s.title),
        SymbolKind::EVENT,
        s.span,
        facts,
    )
}

fn plan(map: &SourceMap, p: &ast::Plan) -> Option<DocumentSymbol> {
    let children = p
        .items
        .iter()
        .filter_map(|i| match i {
            PlanItem::Date { target, span, .. } => {
                symbol(map, target, None, SymbolKind::EVENT, *span, vec![])
            }
            PlanItem::Param { name, span, .. } => {
                symbol(map, name, None, SymbolKind::CONSTANT, *span, vec![])
            }
            PlanItem::Basis(b) => symbol(
                map,
                &b.name,
                Some(&b.title.value),
                SymbolKind::FILE,
                b.span,
                vec![],
            ),
            PlanItem::Window { .. } => None,
        })
        .collect();
    symbol(
        map,
        &p.name,
        Some(&p.procedure.name),
        SymbolKind::OBJECT,
        p.span,
        children,
    )
}

fn title(t: &Option<ast::Str>) -> Option<&str> {
    t.as_ref().map(|s| s.value.as_str())
}

fn symbol(
    map: &SourceMap,
    name: &ast::Ident,
    detail: Option<&str>,
    kind: SymbolKind,
    span: Span,
    children: Vec<DocumentSymbol>,
) -> Option<DocumentSymbol> {
    let selection = convert::range(map, name.span)?;
    let range = convert::range(map, span.to(name.span)).unwrap_or(selection);
    #[allow(deprecated)]
    Some(DocumentSymbol {
        name: name.name.clone(),
        detail: detail.map(str::to_string),
        kind,
        tags: None,
        deprecated: None,
        range,
        selection_range: selection,
        children: (!children.is_empty()).then_some(children),
    })
}

/// Whether `name` can replace a name: one identifier of the language, not a
/// keyword, not a number word (the grammar's own `ident` rule decides).
pub fn valid_name(name: &str) -> bool {
    use crate::syntax::{HuanjieParser, Rule};
    use pest::Parser;
    match HuanjieParser::parse(Rule::ident, name) {
        Ok(mut pairs) => pairs.next().is_some_and(|p| p.as_str() == name),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_name_must_be_one_identifier() {
        assert!(valid_name("选民登记"));
        assert!(valid_name("voter_list"));
        assert!(!valid_name("阶段"), "a keyword");
        assert!(!valid_name("选民 登记"), "two words");
        assert!(!valid_name("五"), "a number word");
        assert!(!valid_name(""));
    }
}
