//! A readable, deterministic text form of a [`Program`], for snapshots and
//! for `--debug` output. It shows every resolved element without byte
//! offsets: names, types, resolved references (`fact:`, `param:`,
//! `position:`, `stage:`, `phase:`), and expressions in a canonical, fully
//! parenthesised form (so the English and the Chinese spelling of a
//! procedure dump the same, apart from the names the author chose).

use super::program::*;
use super::types::{Builtin, Coll};
use crate::ast::{BinOp, Comparison, DayUnit, Endpoint, Quantifier, Reading};
use num_rational::BigRational;
use std::fmt::{self, Display, Formatter, Write};

impl Program {
    /// The text form (the same as `to_string()`).
    pub fn dump(&self) -> String {
        self.to_string()
    }
}

impl Display for Program {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for (i, p) in self.procedures.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        for plan in &self.plans {
            if !self.procedures.is_empty() {
                writeln!(f)?;
            }
            let proc = self.procedures.get(plan.procedure.0);
            write_plan(f, plan, proc)?;
        }
        Ok(())
    }
}

impl Procedure {
    /// An expression of this procedure in the canonical form.
    pub fn show_expr<'a>(&'a self, e: &'a TExpr) -> impl Display + 'a {
        ExprFmt { proc: self, e }
    }

    fn show_point<'a>(&'a self, p: &'a Point) -> impl Display + 'a {
        PointFmt { proc: self, p }
    }
}

fn title(t: &Option<String>) -> String {
    t.as_ref().map(|t| format!(" {t:?}")).unwrap_or_default()
}

fn cite(c: &Option<Cite>, proc: Option<&Procedure>, plan: Option<&Plan>) -> String {
    let Some(c) = c else {
        return String::new();
    };
    let name = match c.basis {
        BasisRef::Procedure(id) => proc
            .and_then(|p| p.bases.get(id.0))
            .map(|b| b.name.name.as_str()),
        BasisRef::Plan(id) => plan
            .and_then(|p| p.bases.get(id.0))
            .map(|b| b.name.name.as_str()),
    };
    format!(" per {} {:?}", name.unwrap_or("?"), c.clause)
}

fn rational(r: &BigRational) -> String {
    if r.is_integer() {
        r.numer().to_string()
    } else {
        format!("{}/{}", r.numer(), r.denom())
    }
}

fn value(v: &Option<Value>) -> String {
    match v {
        None => "?".to_string(),
        Some(Value::Count(n)) => n.to_string(),
        Some(Value::Ratio(r) | Value::Number(r)) => rational(r),
        Some(Value::Days(d)) => format!("{d} days"),
        Some(Value::Date(d)) => d.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Text(s)) => format!("{s:?}"),
    }
}

fn amount(a: &Amount, proc: &Procedure) -> String {
    match a {
        Amount::Literal { value, .. } => value.to_string(),
        Amount::Param { param, .. } => {
            let name = proc.params.get(param.0).map(|p| p.name.name.as_str());
            format!("param:{}", name.unwrap_or("?"))
        }
        Amount::Invalid { .. } => "<invalid>".to_string(),
    }
}

fn reading(r: Reading, explicit: bool) -> String {
    let r = match r {
        Reading::Subtractive => "subtractive",
        Reading::Exclusive => "exclusive",
    };
    let how = if explicit { "" } else { " by setting" };
    format!(" (reading {r}{how})")
}

/// "days", or "day" after a literal 1.
fn unit(u: DayUnit, n: &Amount) -> &'static str {
    let one = matches!(n, Amount::Literal { value: 1, .. });
    match (u, one) {
        (DayUnit::Calendar, false) => "days",
        (DayUnit::Calendar, true) => "day",
        (DayUnit::Working, false) => "working days",
        (DayUnit::Working, true) => "working day",
    }
}

impl Display for Procedure {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(f, "procedure {}{}", self.name.name, title(&self.title))?;
        for inc in &self.includes {
            let name = |s: Option<&StageId>| s.map_or("?", |s| self.target_name(Target::Stage(*s)));
            let (first, last) = (name(inc.stages.first()), name(inc.stages.last()));
            writeln!(
                f,
                "  include procedure#{} as {}: {} stages ({first} .. {last}), {} phases{}",
                inc.procedure.0,
                inc.alias.name,
                inc.stages.len(),
                inc.phases.len(),
                cite(&inc.cite, Some(self), None)
            )?;
        }
        for b in &self.bases {
            writeln!(f, "  basis {} {:?}", b.name.name, b.title)?;
        }
        let s = &self.settings;
        let default = |set: bool| if set { "" } else { " (default)" };
        let r = match s.days_before {
            Reading::Subtractive => "subtractive",
            Reading::Exclusive => "exclusive",
        };
        writeln!(
            f,
            "  setting days_before = {r}{}",
            default(s.days_before_span.is_some())
        )?;
        let h = if s.holiday_extension { "on" } else { "off" };
        writeln!(
            f,
            "  setting holiday_extension = {h}{}",
            default(s.holiday_extension_span.is_some())
        )?;
        if s.write_ins_span.is_some() {
            let on = if s.write_ins { "on" } else { "off" };
            writeln!(f, "  setting write_ins = {on}")?;
        }
        if s.separate_positions_span.is_some() {
            let on = if s.separate_positions { "on" } else { "off" };
            writeln!(f, "  setting separate_positions = {on}")?;
        }
        for p in &self.positions {
            let seats = match &p.seats {
                Seats::Exact(a) => amount(a, self),
                Seats::Range(a, b) => format!("{} to {}", amount(a, self), amount(b, self)),
            };
            let c = cite(&p.cite, Some(self), None);
            writeln!(
                f,
                "  position {}{} seats {seats}{c}",
                p.name.name,
                title(&p.title)
            )?;
        }
        for fact in self
            .facts
            .iter()
            .filter(|x| x.scope == FactScope::Procedure)
        {
            writeln!(f, "  fact {}: {}", fact.name.name, fact.ty)?;
        }
        for p in &self.params {
            let (e, v, c) = (
                self.show_expr(&p.default),
                value(&p.value),
                cite(&p.cite, Some(self), None),
            );
            writeln!(f, "  param {}: {} = {e} => {v}{c}", p.name.name, p.ty)?;
            for r in &p.readings {
                let (v, c) = (value(&r.value), cite(&r.cite, Some(self), None));
                writeln!(f, "    contested “{}” => {v}{c}", r.label.name)?;
            }
        }
        for ph in &self.phases {
            writeln!(f, "  phase {}{}", ph.name.name, title(&ph.title))?;
            let names: Vec<&str> = ph
                .stages
                .iter()
                .map(|s| self.target_name(Target::Stage(*s)))
                .collect();
            writeln!(f, "    stages {}", names.join(", "))?;
            for t in &ph.timing {
                writeln!(f, "    {}", TimingFmt { proc: self, t })?;
            }
        }
        for st in &self.stages {
            write!(f, "  stage {}{}", st.name.name, title(&st.title))?;
            if st.optional.is_some() {
                write!(f, " optional")?;
            }
            if let Some(ph) = st.phase {
                write!(f, " in phase {}", self.target_name(Target::Phase(ph)))?;
            }
            writeln!(f)?;
            if let Some(w) = &st.when {
                writeln!(f, "    when {}", self.show_expr(w))?;
            }
            for id in &st.facts {
                if let Some(fact) = self.facts.get(id.0) {
                    writeln!(f, "    fact {}: {}", fact.name.name, fact.ty)?;
                }
            }
            for t in &st.timing {
                writeln!(f, "    {}", TimingFmt { proc: self, t })?;
            }
            if let Some(c) = &st.candidates_from {
                let from = self
                    .stages
                    .get(c.stage.0)
                    .map_or("?", |s| s.name.name.as_str());
                writeln!(
                    f,
                    "    candidates from {from}{}{}{}",
                    if c.unelected { " unelected" } else { "" },
                    if c.by_votes { " by votes" } else { "" },
                    cite(&c.cite, Some(self), None)
                )?;
            }
            for r in &st.rules {
                let e = self.show_expr(&r.expr);
                let c = cite(&r.cite, Some(self), None);
                if let Some(w) = &r.when {
                    write!(f, "    when {}:", self.show_expr(w))?;
                }
                match &r.kind {
                    RuleKind::Quorum => writeln!(f, "    quorum {e}{c}")?,
                    RuleKind::Require => writeln!(f, "    require {e}{c}")?,
                    RuleKind::Elect { positions, .. } => {
                        let ps: Vec<&str> = positions
                            .iter()
                            .map(|(p, _)| {
                                self.positions
                                    .get(p.0)
                                    .map(|p| p.name.name.as_str())
                                    .unwrap_or("?")
                            })
                            .collect();
                        let ps = if ps.is_empty() {
                            "all".to_string()
                        } else {
                            ps.join(", ")
                        };
                        writeln!(f, "    elect {ps} if {e}{c}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

fn write_plan(f: &mut Formatter<'_>, plan: &Plan, proc: Option<&Procedure>) -> fmt::Result {
    let pname = proc.map(|p| p.name.name.as_str()).unwrap_or("?");
    writeln!(
        f,
        "plan {}{} for {pname}",
        plan.name.name,
        title(&plan.title)
    )?;
    for b in &plan.bases {
        writeln!(f, "  basis {} {:?}", b.name.name, b.title)?;
    }
    if let Some(w) = &plan.window {
        writeln!(
            f,
            "  window {} to {}{}",
            w.from,
            w.to,
            cite(&w.cite, proc, Some(plan))
        )?;
    }
    for w in &plan.overall {
        writeln!(
            f,
            "  whole procedure {} to {}{}",
            w.from,
            w.to,
            cite(&w.cite, proc, Some(plan))
        )?;
    }
    for w in &plan.included {
        let name = proc
            .and_then(|p| p.includes.get(w.include))
            .map_or("?", |i| i.alias.name.as_str());
        let (from, to, c) = (w.window.from, w.window.to, &w.window.cite);
        writeln!(
            f,
            "  included {name} {from} to {to}{}",
            cite(c, proc, Some(plan))
        )?;
    }
    for p in &plan.params {
        let name = proc
            .and_then(|pr| pr.params.get(p.param.0))
            .map(|x| x.name.name.as_str());
        let e = match proc {
            Some(pr) => pr.show_expr(&p.expr).to_string(),
            None => "?".to_string(),
        };
        let c = cite(&p.cite, proc, Some(plan));
        writeln!(
            f,
            "  param {} = {e} => {}{c}",
            name.unwrap_or("?"),
            value(&p.value)
        )?;
    }
    for d in &plan.dates {
        let (kind, name) = match (d.target, proc) {
            (Target::Stage(_), Some(p)) => ("stage", p.target_name(d.target)),
            (Target::Phase(_), Some(p)) => ("phase", p.target_name(d.target)),
            (_, None) => ("?", "?"),
        };
        let when = match d.to {
            Some(to) => format!("from {} to {to}", d.from),
            None => format!("on {}", d.from),
        };
        writeln!(
            f,
            "  {kind} {name} {when}{}",
            cite(&d.cite, proc, Some(plan))
        )?;
    }
    Ok(())
}

struct PointFmt<'a> {
    proc: &'a Procedure,
    p: &'a Point,
}

impl Display for PointFmt<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let kind = match self.p.target {
            Target::Stage(_) => "stage",
            Target::Phase(_) => "phase",
        };
        write!(f, "{kind} {}", self.proc.target_name(self.p.target))?;
        match self.p.end {
            Some(Endpoint::Start) => write!(f, ".start"),
            Some(Endpoint::End) => write!(f, ".end"),
            None => Ok(()),
        }
    }
}

struct TimingFmt<'a> {
    proc: &'a Procedure,
    t: &'a Timing,
}

impl Display for TimingFmt<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let p = self.proc;
        let a = |x: &Amount| amount(x, p);
        match &self.t.kind {
            TimingKind::After(x) => write!(f, "after {}", p.show_point(x))?,
            TimingKind::Before(x) => write!(f, "before {}", p.show_point(x))?,
            TimingKind::SameDay(x) => write!(f, "same day as {}", p.show_point(x))?,
            TimingKind::Within {
                days,
                unit: u,
                after,
            } => write!(
                f,
                "within {} {} after {}",
                a(days),
                unit(*u, days),
                p.show_point(after)
            )?,
            TimingKind::AtLeastBefore {
                days,
                of,
                reading: r,
                explicit,
            } => write!(
                f,
                "at least {} {} before {}{}",
                a(days),
                unit(DayUnit::Calendar, days),
                p.show_point(of),
                reading(*r, *explicit)
            )?,
            TimingKind::NoEarlierThanBefore {
                days,
                of,
                reading: r,
                explicit,
            } => write!(
                f,
                "no earlier than {} {} before {}{}",
                a(days),
                unit(DayUnit::Calendar, days),
                p.show_point(of),
                reading(*r, *explicit)
            )?,
            TimingKind::Between(x, y) => write!(f, "between {x} and {y}")?,
            TimingKind::NotBefore(d) => write!(f, "no earlier than {d}")?,
            TimingKind::NotAfter(d) => write!(f, "no later than {d}")?,
            TimingKind::Lasts { min, max, unit: u } => match (min, max) {
                (Some(x), Some(y)) => write!(f, "lasts {} to {} {}", a(x), a(y), unit(*u, y))?,
                (Some(x), None) => write!(f, "lasts at least {} {}", a(x), unit(*u, x))?,
                (None, Some(y)) => write!(f, "lasts at most {} {}", a(y), unit(*u, y))?,
                (None, None) => f.write_str("lasts (no bound)")?,
            },
        }
        f.write_str(&cite(&self.t.cite, Some(p), None))
    }
}

struct ExprFmt<'a> {
    proc: &'a Procedure,
    e: &'a TExpr,
}

fn op(o: BinOp) -> &'static str {
    match o {
        BinOp::Add => "+",
        BinOp::Sub => "-",
        BinOp::Mul => "*",
        BinOp::Div => "/",
        BinOp::And => "and",
        BinOp::Or => "or",
    }
}

fn cmp(c: Comparison) -> &'static str {
    match c {
        Comparison::Gt => ">",
        Comparison::Ge => ">=",
        Comparison::Lt => "<",
        Comparison::Le => "<=",
        Comparison::Eq => "=",
        Comparison::Ne => "!=",
        Comparison::Majority => "is a majority of",
    }
}

fn element(c: &Option<Coll>) -> &'static str {
    c.map(Coll::element_en).unwrap_or("?")
}

impl Display for ExprFmt<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let p = self.proc;
        let sub = |e| ExprFmt { proc: p, e };
        match &self.e.kind {
            TExprKind::Number(r) => f.write_str(&rational(r)),
            TExprKind::Bool(b) => write!(f, "{b}"),
            TExprKind::Text(s) => write!(f, "{s:?}"),
            TExprKind::Date(d) => write!(f, "{d}"),
            TExprKind::Fact(id) => {
                let n = p
                    .facts
                    .get(id.0)
                    .map(|x| x.name.name.as_str())
                    .unwrap_or("?");
                write!(f, "fact:{n}")
            }
            TExprKind::StageFact(s, id) => {
                let n = p
                    .facts
                    .get(id.0)
                    .map(|x| x.name.name.as_str())
                    .unwrap_or("?");
                write!(f, "fact:{}.{n}", p.target_name(Target::Stage(*s)))
            }
            TExprKind::Param(id) => {
                let n = p
                    .params
                    .get(id.0)
                    .map(|x| x.name.name.as_str())
                    .unwrap_or("?");
                write!(f, "param:{n}")
            }
            TExprKind::Position(id) => {
                let n = p
                    .positions
                    .get(id.0)
                    .map(|x| x.name.name.as_str())
                    .unwrap_or("?");
                write!(f, "position:{n}")
            }
            TExprKind::Var { name, .. } => f.write_str(name),
            TExprKind::ElemField { coll, field, .. } => write!(f, "it.{}", field.name(*coll)),
            TExprKind::Field { base, coll, field } => {
                write!(f, "{}.{}", sub(base), field.name(*coll))
            }
            TExprKind::EnumValue(v) => f.write_str(v.name()),
            TExprKind::Votes => f.write_str("votes"),
            TExprKind::Neg(x) => write!(f, "(-{})", sub(x)),
            TExprKind::Not(x) => write!(f, "(not {})", sub(x)),
            TExprKind::Binary(o, a, b) => write!(f, "({} {} {})", sub(a), op(*o), sub(b)),
            TExprKind::Compare(c, a, b) => write!(f, "({} {} {})", sub(a), cmp(*c), sub(b)),
            TExprKind::Of { fraction, whole } => write!(f, "({} of {})", sub(fraction), sub(whole)),
            TExprKind::Call { func, args } => {
                let mut s = String::new();
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    if *func == Builtin::Age && i == 1 {
                        s.push_str("on: ");
                    }
                    let _ = write!(s, "{}", sub(a));
                }
                write!(f, "{}({s})", func.name())
            }
            TExprKind::StageCall { func, target, .. } => {
                let kind = match target {
                    Target::Stage(_) => "stage",
                    Target::Phase(_) => "phase",
                };
                write!(f, "{}({kind}:{})", func.name(), p.target_name(*target))
            }
            TExprKind::Count { coll, filter, .. } => match filter {
                Some(x) => write!(f, "count({} where {})", coll.name(), sub(x)),
                None => write!(f, "count({})", coll.name()),
            },
            TExprKind::Quant {
                quantifier,
                var,
                filter,
                body,
            } => {
                let q = match quantifier {
                    Quantifier::All => "for each",
                    Quantifier::Any => "exists",
                };
                write!(f, "({q} {} {}", element(&var.coll), var.name)?;
                if let Some(x) = filter {
                    write!(f, " where {}", sub(x))?;
                }
                write!(f, ": {})", sub(body))
            }
            TExprKind::Error => f.write_str("<error>"),
        }
    }
}
