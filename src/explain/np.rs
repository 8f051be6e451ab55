//! Noun phrases for the elements of a collection: the conditions of a
//! `where` filter that speak of the element itself become words before the
//! noun (“女性正式候选人”, “female formal candidates”, “该职务的正式候选人”,
//! “formal candidates for that position”); the rest is said as a condition.

use super::expr::Ctx;
use super::tree::{conjuncts, disjuncts, own_field};
use super::words::{either, quoted, t};
use crate::ast::Comparison;
use crate::diag::Text;
use crate::resolve::{Coll, EnumValue, Field, TExpr, TExprKind, VarId};

/// A noun phrase for some elements of a collection.
pub(super) struct Np {
    /// Chinese words before the noun, each ending in 的 (“该职务的”).
    zh_pre: Vec<String>,
    /// Chinese attributes directly before the noun (“女性”, “正式”).
    zh_adj: Vec<String>,
    /// English adjectives (“female”, “formal”).
    en_adj: Vec<String>,
    /// English phrases after the noun (“for that position”).
    en_post: Vec<String>,
    /// Conditions that are not attributes, already in words.
    pub rest: Vec<Text>,
    pub coll: Coll,
}

/// The English plural of an element.
pub(super) fn plural_en(c: Coll) -> &'static str {
    match c {
        Coll::Candidates => "candidates",
        Coll::Positions => "positions",
        Coll::Proxies => "proxies",
        Coll::Voters => "voters",
        Coll::Winners => "winners",
        Coll::Excluded => "excluded members",
    }
}

/// Whether elements of `c` are people (counted in 人 / 名).
pub(super) fn people(c: Coll) -> bool {
    !matches!(c, Coll::Proxies | Coll::Positions)
}

/// A yes/no field as a predicate: (zh, en) when it holds, (zh, en) when not.
pub(super) fn predicate(field: Field) -> Option<[(&'static str, &'static str); 2]> {
    Some(match field {
        Field::Disqualified => [
            ("有负面情形", "falls under a disqualifying circumstance"),
            ("无负面情形", "falls under no disqualifying circumstance"),
        ],
        Field::Incumbent => [
            ("为连任人选", "is an incumbent"),
            ("不是连任人选", "is not an incumbent"),
        ],
        Field::Withdrawn => [("已退出", "has withdrawn"), ("未退出", "has not withdrawn")],
        Field::Approved => [("经批准", "is approved"), ("未经批准", "is not approved")],
        _ => return None,
    })
}

/// A yes/no field as an attribute: (zh, en) when it holds, and when not.
fn attribute(field: Field) -> Option<[(&'static str, &'static str); 2]> {
    Some(match field {
        Field::Disqualified => [
            ("有负面情形的", "disqualified"),
            ("无负面情形的", "eligible"),
        ],
        Field::Incumbent => [("连任的", "incumbent"), ("非连任的", "non-incumbent")],
        Field::Withdrawn => [("已退出的", "withdrawn"), ("未退出的", "standing")],
        Field::Approved => [("经批准的", "approved"), ("未经批准的", "unapproved")],
        _ => return None,
    })
}

impl Np {
    /// The elements of `coll` (`elem`) that satisfy `filter`.
    pub fn new(ctx: &mut Ctx<'_>, coll: Coll, elem: VarId, filter: Option<&TExpr>) -> Np {
        let mut np = Np {
            zh_pre: Vec::new(),
            zh_adj: Vec::new(),
            en_adj: Vec::new(),
            en_post: Vec::new(),
            rest: Vec::new(),
            coll,
        };
        let mut gender = None;
        let mut list = None;
        for c in filter.map(conjuncts).unwrap_or_default() {
            if !np.attribute(ctx, c, elem, &mut gender, &mut list) {
                np.rest.push(ctx.cond(c, false));
            }
        }
        // Gender before list kind: 女性正式候选人, female formal candidates.
        for (zh, en) in [gender, list].into_iter().flatten() {
            np.zh_adj.push(zh.to_string());
            np.en_adj.push(en.to_string());
        }
        np
    }

    /// Takes `c` as an attribute of the element if it is one.
    fn attribute(
        &mut self,
        ctx: &mut Ctx<'_>,
        c: &TExpr,
        elem: VarId,
        gender: &mut Option<(&str, &str)>,
        list: &mut Option<(&str, &str)>,
    ) -> bool {
        let (negated, inner) = match &c.kind {
            TExprKind::Not(x) => (true, x.as_ref()),
            _ => (false, c),
        };
        if let Some([yes, no]) = own_field(inner, elem).and_then(attribute) {
            let (zh, en) = if negated { no } else { yes };
            self.zh_pre.push(zh.to_string());
            self.en_adj.insert(0, en.to_string());
            return true;
        }
        if negated {
            return false;
        }
        if let TExprKind::Compare(Comparison::Eq, a, b) = &c.kind {
            match (own_field(a, elem), &b.kind) {
                (Some(Field::List), TExprKind::EnumValue(v)) => {
                    *list = Some(match v {
                        EnumValue::Formal => ("正式", "formal"),
                        _ => ("初步", "preliminary"),
                    });
                    return true;
                }
                (Some(Field::Gender), TExprKind::EnumValue(v)) => {
                    *gender = Some(match v {
                        EnumValue::Female => ("女性", "female"),
                        _ => ("男性", "male"),
                    });
                    return true;
                }
                (
                    Some(Field::Position),
                    TExprKind::Field {
                        base,
                        field: Field::Position,
                        ..
                    },
                ) if !matches!(&base.kind, TExprKind::Var { id, .. } if *id == elem) => {
                    // `d.position = c.position`: the same position as c.
                    let base = ctx.val(base);
                    self.zh_pre.push(format!("与{}职务相同的", base.zh));
                    self.en_post
                        .push(format!("for the same position as {}", base.en));
                    return true;
                }
                (Some(Field::Position), _) => {
                    let p = ctx.val(b);
                    let kind = if matches!(b.kind, TExprKind::Position(_)) {
                        "职务"
                    } else {
                        ""
                    };
                    self.zh_pre.push(format!("{}{kind}的", p.zh));
                    self.en_post.push(format!("for {}", p.en));
                    return true;
                }
                _ => {}
            }
        }
        // `position = A or position = B`: for A or B.
        let parts = disjuncts(c);
        let positions: Option<Vec<Text>> = parts
            .iter()
            .map(|d| match &d.kind {
                TExprKind::Compare(Comparison::Eq, a, b)
                    if own_field(a, elem) == Some(Field::Position) =>
                {
                    Some(ctx.val(b))
                }
                _ => None,
            })
            .collect();
        match positions {
            Some(ps) if ps.len() > 1 => {
                let p = either(&ps);
                self.zh_pre.push(format!("{}职务的", p.zh));
                self.en_post.push(format!("for {}", p.en));
                true
            }
            _ => false,
        }
    }

    /// The phrase in the singular (“该职务的正式候选人”, “formal candidate
    /// for that position”), without the conditions in [`Np::rest`].
    pub fn one(&self) -> Text {
        self.phrase(self.coll.element_en(), None)
    }

    /// The singular with the variable's name after the noun (“当选人 w”,
    /// “winner w for “书记””).
    pub fn named(&self, name: &str) -> Text {
        self.phrase(self.coll.element_en(), Some(name))
    }

    /// The phrase in the plural (English only differs).
    pub fn many(&self) -> Text {
        self.phrase(plural_en(self.coll), None)
    }

    fn phrase(&self, noun: &str, name: Option<&str>) -> Text {
        let zh = format!(
            "{}{}{}{}",
            self.zh_pre.concat(),
            self.zh_adj.concat(),
            self.coll.element_zh(),
            name.map(|n| format!(" {n}")).unwrap_or_default()
        );
        let mut en: Vec<&str> = self.en_adj.iter().map(String::as_str).collect();
        en.push(noun);
        en.extend(name);
        en.extend(self.en_post.iter().map(String::as_str));
        t(zh, en.join(" "))
    }

    /// The conditions left over, joined: “（须满足：…）” / “ (where …)”.
    pub fn rest_text(&self) -> Text {
        if self.rest.is_empty() {
            return t("", "");
        }
        let zh: Vec<&str> = self.rest.iter().map(|r| r.zh.as_str()).collect();
        let en: Vec<&str> = self.rest.iter().map(|r| r.en.as_str()).collect();
        t(
            format!("（须满足：{}）", zh.join("，且")),
            format!(" (where {})", en.join(", and ")),
        )
    }

    /// “正式候选人人数” / “the number of formal candidates”.
    pub fn count(&self) -> Text {
        let many = self.many();
        let rest = self.rest_text();
        let unit = if people(self.coll) { "人数" } else { "数" };
        t(
            format!("{}{unit}{}", many.zh, rest.zh),
            format!("the number of {}{}", many.en, rest.en),
        )
    }
}

/// `count(proxies where holder = X)`: the `X`, if `e` is that.
pub(super) fn holder(e: &TExpr) -> Option<&TExpr> {
    let TExprKind::Count {
        coll: Coll::Proxies,
        elem,
        filter: Some(f),
    } = &e.kind
    else {
        return None;
    };
    match &f.kind {
        TExprKind::Compare(Comparison::Eq, a, b) if own_field(a, *elem) == Some(Field::Holder) => {
            Some(b)
        }
        _ => None,
    }
}

/// `count(proxies where holder = X)`: the proxies X holds, if `e` is that.
pub(super) fn proxies_held(ctx: &mut Ctx<'_>, e: &TExpr) -> Option<Text> {
    let b = holder(e)?;
    // `holder = c.name`: the person c; otherwise whoever the value names.
    Some(match &b.kind {
        TExprKind::Field {
            base,
            field: Field::Name,
            ..
        } => ctx.val(base),
        TExprKind::Text(s) => quoted(s),
        _ => ctx.val(b),
    })
}
