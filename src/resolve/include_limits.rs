//! Bounds on composition: how deep includes nest and how much they copy.
//!
//! Including copies the included procedure (see [`super::include`]), so a
//! procedure that includes another twice, which includes a third twice, …
//! doubles at every level: 25 such procedures of 1.6 KB would flatten to
//! 2^24 copies of one stage. Each procedure is still resolved only once; what
//! is bounded is what the copies add up to, before anything is copied:
//!
//! - includes nest at most [`MAX_INCLUDE_DEPTH`] levels;
//! - the includes of the whole program copy at most
//!   [`MAX_INCLUDED_BYTES`] bytes of procedure text (each copy counted by
//!   the size of its procedure's text, its own includes included).
//!
//! A procedure beyond a bound brings nothing in through its includes, and
//! neither does any procedure that includes it; each bound exceeded is one
//! diagnostic (HJ119) at the include where it is first crossed. This keeps
//! resolution linear in the size of the files.

use super::include::Order;
use crate::ast;
use crate::diag::{Code, Diagnostic, Text};

/// How many levels includes may nest (A includes B includes C … ).
pub const MAX_INCLUDE_DEPTH: usize = 8;

/// How many bytes of procedure text the includes of one program may copy.
pub const MAX_INCLUDED_BYTES: usize = 1024 * 1024;

fn t(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

fn own_bytes(p: &ast::Procedure) -> usize {
    p.span.range().map_or(1, |(a, b)| (b - a).max(1))
}

/// What one procedure amounts to after its includes are flattened.
#[derive(Clone, Copy, Default)]
struct Flat {
    /// Levels of includes below it (0: it includes nothing).
    depth: usize,
    /// Bytes of procedure text it holds, copies included.
    bytes: usize,
    /// Whether its includes were cut.
    cut: bool,
}

/// Cuts the includes (`order.targets`) of every procedure beyond a bound and
/// reports each bound exceeded once.
pub(crate) fn enforce(procs: &[&ast::Procedure], order: &mut Order, diags: &mut Vec<Diagnostic>) {
    let mut flat = vec![Flat::default(); procs.len()];
    let mut copied = 0usize;
    let mut reported: Vec<Diagnostic> = Vec::new();
    let (mut deep_said, mut large_said) = (false, false);
    for &i in &order.order {
        let (Some(p), Some(targets)) = (procs.get(i), order.targets.get_mut(i)) else {
            continue;
        };
        let own = own_bytes(p);
        let inner: Vec<Flat> = targets
            .iter()
            .flatten()
            .map(|id| flat.get(id.0).copied().unwrap_or_default())
            .collect();
        let depth = inner.iter().map(|f| f.depth + 1).max().unwrap_or(0);
        let adds = inner.iter().fold(0usize, |s, f| s.saturating_add(f.bytes));
        let cut = if inner.iter().any(|f| f.cut) {
            // Beyond a bound already reported at the procedure it includes.
            true
        } else if depth > MAX_INCLUDE_DEPTH {
            if !deep_said {
                deep_said = true;
                reported.push(too_deep(p, targets, &flat, depth));
            }
            true
        } else if copied.saturating_add(adds) > MAX_INCLUDED_BYTES {
            if !large_said {
                large_said = true;
                reported.push(too_large(p, copied.saturating_add(adds)));
            }
            true
        } else {
            copied += adds;
            false
        };
        let me = if cut {
            targets.iter_mut().for_each(|t| *t = None);
            Flat {
                depth: 0,
                bytes: own,
                cut: true,
            }
        } else {
            Flat {
                depth,
                bytes: own.saturating_add(adds),
                cut: false,
            }
        };
        if let Some(f) = flat.get_mut(i) {
            *f = me;
        }
    }
    let affected = flat.iter().filter(|f| f.cut).count();
    for mut d in reported {
        if affected > 1 {
            d.notes.push(t(
                format!("共有 {affected} 个程序因此未引入任何内容（包括引入了它们的程序）"),
                format!(
                    "{affected} procedures bring nothing in because of this \
                     (with the procedures that include them)"
                ),
            ));
        }
        diags.push(d);
    }
}

fn includes(p: &ast::Procedure) -> impl Iterator<Item = &ast::Include> {
    p.items.iter().filter_map(|i| match i {
        ast::ProcItem::Include(inc) => Some(inc),
        _ => None,
    })
}

fn too_deep(
    p: &ast::Procedure,
    targets: &[Option<super::ProcId>],
    flat: &[Flat],
    depth: usize,
) -> Diagnostic {
    let name = &p.name.name;
    // The first include through which the nesting is deepest.
    let deepest = includes(p)
        .zip(targets)
        .filter_map(|(inc, t)| Some((inc, flat.get((*t)?.0)?.depth)))
        .fold(
            None,
            |best: Option<(&ast::Include, usize)>, (inc, d)| match best {
                Some((_, b)) if b >= d => best,
                _ => Some((inc, d)),
            },
        )
        .map(|(inc, _)| inc);
    let mut d = Diagnostic::error(
        Code::IncludeLimit,
        t(
            format!("程序 `{name}` 的引入嵌套 {depth} 层，超过上限 {MAX_INCLUDE_DEPTH} 层"),
            format!(
                "the includes of procedure `{name}` nest {depth} levels deep, more than the \
                 limit of {MAX_INCLUDE_DEPTH}"
            ),
        ),
    );
    let span = deepest.map_or(p.name.span, |inc| inc.span);
    d = d.with_label(
        span,
        t(
            format!("经由此处的引入嵌套了 {depth} 层"),
            format!("includes nest {depth} levels through here"),
        ),
    );
    d.with_help(t(
        "引入的程序又引入其他程序，层层嵌套不得超过上限；请直接引入所需的程序，减少中间层次",
        "an included procedure may include others, but not beyond the limit; include the \
         procedures you need directly, with fewer levels in between",
    ))
}

fn too_large(p: &ast::Procedure, bytes: usize) -> Diagnostic {
    let name = &p.name.name;
    let span = includes(p).next().map_or(p.name.span, |inc| inc.span);
    Diagnostic::error(
        Code::IncludeLimit,
        t(
            format!(
                "引入展开后的程序过大：引入共需复制 {bytes} 字节的程序文本，超过上限 \
                 {MAX_INCLUDED_BYTES} 字节"
            ),
            format!(
                "the program is too large once its includes are flattened: they would copy \
                 {bytes} bytes of procedure text, more than the limit of {MAX_INCLUDED_BYTES}"
            ),
        ),
    )
    .with_label(
        span,
        t(
            format!("程序 `{name}` 的引入在此超过上限"),
            format!("the includes of `{name}` cross the limit here"),
        ),
    )
    .with_help(t(
        "引入会把被引入的程序整个复制一份；同一程序经多条路径被多次引入时，复制量成倍增长。\
         请减少重复引入",
        "including copies the whole included procedure; a procedure included many times \
         through several paths multiplies the copies. Include it fewer times",
    ))
}
