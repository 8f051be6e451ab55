//! The record model from the value tree, in one place for both formats:
//! known keys (in either language), required keys, and the shape of every
//! table and array. Values are converted in `value`. Every problem is
//! collected; none stops the others from being found.

use super::keys::{self, Array, KeyDef, Place};
use super::model::*;
use super::msg::{self, Sink};
use super::tree::{Key, Kind, Node, Table};
use crate::diag::Text;
use crate::span::{FileId, Span};

/// A key of a fixed table with its value.
pub(super) struct Field<'a> {
    pub key: Key<'a>,
    pub node: Node<'a>,
}

/// Builds a record, reporting into a sink.
pub(super) struct Builder<'s> {
    pub file: FileId,
    pub sink: &'s mut Sink,
}

/// The record in `root` (the whole text is `len` bytes). `None` when the
/// record has no procedure name (reported); every other problem is in `sink`.
pub(super) fn build(root: Node<'_>, file: FileId, len: usize, sink: &mut Sink) -> Option<Record> {
    Builder { file, sink }.record(root, len)
}

impl<'a> Builder<'_> {
    /// Sorts the entries of `table` into the slots of `defs` (any
    /// spelling); unknown keys are HJ602, a key given twice (in one
    /// spelling or two) HJ607.
    fn fields<const N: usize>(
        &mut self,
        table: Table<'a>,
        defs: &[KeyDef; N],
        place: Place<'_>,
    ) -> [Option<Field<'a>>; N] {
        let mut slots: [Option<Field<'a>>; N] = std::array::from_fn(|_| None);
        for (key, node) in table.entries {
            let node = node.blank_as_null();
            let Some(i) = defs.iter().position(|d| d.matches(&key.name)) else {
                let mut d =
                    msg::unknown_key(key.span, &key.name, &place.text(), &keys::spellings(defs));
                if matches!(place, Place::Stage(_))
                    && d.help
                        .as_ref()
                        .is_some_and(|h| h.en.starts_with("the keys"))
                {
                    d = d.with_note(Text::new(
                        "阶段的事实写在 `facts` 表中，如 `facts = { 参加投票 = 1745 }`",
                        "a stage's facts go in its `facts` table, as in `facts = { 参加投票 = 1745 }`",
                    ));
                }
                self.sink.push(d);
                continue;
            };
            match slots.get_mut(i) {
                Some(Some(first)) => {
                    let alias = (first.key.name != key.name).then_some(first.key.name.as_ref());
                    self.sink.push(msg::duplicate_key(
                        key.span,
                        first.key.span,
                        &key.name,
                        alias,
                    ));
                }
                Some(slot) => *slot = Some(Field { key, node }),
                None => {}
            }
        }
        slots
    }

    /// A required field: HJ604 at `head` when absent (or `null`).
    fn need(
        &mut self,
        slot: Option<Field<'a>>,
        def: &KeyDef,
        head: Span,
        place: Place<'_>,
    ) -> Option<Field<'a>> {
        match slot {
            Some(f) if !matches!(f.node.kind, Kind::Null) => Some(f),
            Some(f) => {
                self.sink.push(msg::missing_key(
                    f.node.span,
                    def.en,
                    def.zh(),
                    &place.text(),
                ));
                None
            }
            None => {
                self.sink
                    .push(msg::missing_key(head, def.en, def.zh(), &place.text()));
                None
            }
        }
    }

    /// The table a field holds (HJ603 otherwise); `what` is the expected
    /// kind in both languages.
    fn table(&mut self, f: Field<'a>, place: Place<'_>, help: Option<Text>) -> Option<Table<'a>> {
        match f.node.kind {
            Kind::Table(t) => Some(t),
            Kind::Null => None,
            _ => {
                let what = Text::new(
                    msg::cat(&[&place.text().zh, "中的", &format!("`{}`", f.key.name)]),
                    format!("`{}` in {}", f.key.name, place.text().en),
                );
                let d = msg::wrong_type(
                    f.node.span,
                    &what,
                    &Text::new("表", "a table"),
                    &f.node.describe(),
                );
                self.sink.push(match help {
                    Some(h) => d.with_help(h),
                    None => d,
                });
                None
            }
        }
    }

    /// The tables of a top-level array of tables (`[[candidates]]`), with
    /// their 1-based positions.
    fn tables(&mut self, f: Field<'a>, array: Array) -> Vec<(usize, Table<'a>, Span)> {
        let name = f.key.name.clone();
        let items = match f.node.kind {
            Kind::Array(items) => items,
            Kind::Null => return Vec::new(),
            _ => {
                let what = Text::new(format!("记录顶层的 `{name}`"), format!("`{name}`"));
                let expected = Text::new("表的数组", "an array of tables");
                let d = msg::wrong_type(f.node.span, &what, &expected, &f.node.describe())
                    .with_help(Text::new(
                        format!("每一项写作一个 [[{name}]] 表（两层方括号）"),
                        format!("write each item as a [[{name}]] table (double brackets)"),
                    ));
                self.sink.push(d);
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match item.kind {
                Kind::Table(t) => out.push((i + 1, t, item.span)),
                _ => {
                    let (zh, en) = array.names();
                    let what = Text::new(format!("第 {} 个{zh}", i + 1), format!("{en} {}", i + 1));
                    let d = msg::wrong_type(
                        item.span,
                        &what,
                        &Text::new("表", "a table"),
                        &item.describe(),
                    );
                    self.sink.push(d);
                }
            }
        }
        out
    }

    fn record(&mut self, root: Node<'a>, len: usize) -> Option<Record> {
        let whole = Span::new(self.file, 0, len);
        let table = match root.kind {
            Kind::Table(t) => t,
            _ => {
                let what = Text::new("记录", "the record");
                let expected = Text::new("表（JSON 对象）", "a table (a JSON object)");
                self.sink.push(msg::wrong_type(
                    root.span,
                    &what,
                    &expected,
                    &root.describe(),
                ));
                return None;
            }
        };
        let head = table.head;
        let [procedure, unit, district, facts, params, stages, positions, candidates, proxies, voters, excluded, elected] =
            self.fields(table, &keys::ROOT, Place::Root);
        let procedure = self
            .need(procedure, &keys::ROOT[0], head, Place::Root)
            .and_then(|f| self.text(f, Place::Root));
        let unit = unit.and_then(|f| self.text(f, Place::Root));
        let district = district.and_then(|f| self.text(f, Place::Root));
        let facts_span = facts.as_ref().map(|f| match &f.node.kind {
            Kind::Table(t) => t.head,
            _ => f.node.span,
        });
        let facts = facts.map_or_else(Vec::new, |f| self.entries(f, Place::Facts));
        let params = params.map_or_else(Vec::new, |f| self.entries(f, Place::Params));
        let stages = stages.map_or_else(Vec::new, |f| self.stages(f));
        let mut each = |slot: Option<Field<'a>>, array: Array| {
            slot.map_or_else(Vec::new, |f| self.tables(f, array))
        };
        let positions = each(positions, Array::Positions);
        let candidates = each(candidates, Array::Candidates);
        let proxies = each(proxies, Array::Proxies);
        let voters = each(voters, Array::Voters);
        let excluded = each(excluded, Array::Excluded);
        let elected = each(elected, Array::Elected);
        let positions = positions
            .into_iter()
            .filter_map(|(n, t, s)| self.position(n, t, s))
            .collect();
        let candidates = candidates
            .into_iter()
            .filter_map(|(n, t, s)| self.candidate(n, t, s))
            .collect();
        let proxies = proxies
            .into_iter()
            .filter_map(|(n, t, s)| self.proxy(n, t, s))
            .collect();
        let voters = voters
            .into_iter()
            .filter_map(|(n, t, s)| self.voter(n, t, s))
            .collect();
        let excluded = excluded
            .into_iter()
            .filter_map(|(n, t, s)| self.excluded(n, t, s))
            .collect();
        let elected = elected
            .into_iter()
            .filter_map(|(n, t, s)| self.elected(n, t, s))
            .collect();
        let record = Record {
            file: self.file,
            procedure: procedure?,
            unit,
            district,
            facts,
            params,
            stages,
            positions,
            candidates,
            proxies,
            voters,
            excluded,
            elected,
            span: whole,
            facts_span,
        };
        Some(record)
    }

    /// `[stages.NAME]` tables, in file order.
    fn stages(&mut self, f: Field<'a>) -> Vec<StageEntry> {
        let help = Text::new(
            "每个阶段写作一个 [stages.阶段名] 表",
            "write each stage as a [stages.NAME] table",
        );
        let Some(table) = self.table(f, Place::Root, Some(help)) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(table.entries.len());
        for (key, node) in table.entries {
            let place = Place::Stage(&key.name);
            let span = node.span;
            let field = Field {
                key: key.clone(),
                node,
            };
            let help = Text::new(
                format!(
                    "写作 [stages.{0}] 表，日期写在其中，如 date = 2021-01-28",
                    key.name
                ),
                format!(
                    "write a [stages.{0}] table with the date in it, as in date = 2021-01-28",
                    key.name
                ),
            );
            let Some(t) = self.table(field, Place::Stages, Some(help)) else {
                continue;
            };
            let [date, start, end, time, facts, tally] = self.fields(t, &keys::STAGE, place);
            let stage = StageEntry {
                date: date.and_then(|f| self.date(f, place)),
                start: start.and_then(|f| self.date(f, place)),
                end: end.and_then(|f| self.date(f, place)),
                time: time.and_then(|f| self.time(f, place)),
                facts: facts
                    .map_or_else(Vec::new, |f| self.entries(f, Place::StageFacts(&key.name))),
                tally: tally.map_or_else(Vec::new, |f| self.tally(f, &key.name)),
                span,
                name: Spanned::new(key.name.into_owned(), key.span),
            };
            out.push(stage);
        }
        out
    }

    /// The tally lines of stage `stage`.
    fn tally(&mut self, f: Field<'a>, stage: &str) -> Vec<TallyEntry> {
        let items = match f.node.kind {
            Kind::Array(items) => items,
            Kind::Null => return Vec::new(),
            _ => {
                let what = Text::new(
                    format!("阶段 `{stage}` 的 `tally`"),
                    format!("`tally` of stage `{stage}`"),
                );
                let d = msg::wrong_type(
                    f.node.span,
                    &what,
                    &Text::new("表的数组", "an array of tables"),
                    &f.node.describe(),
                )
                .with_help(Text::new(
                    format!("每条计票写作一个 [[stages.{stage}.tally]] 表"),
                    format!("write each line as a [[stages.{stage}.tally]] table"),
                ));
                self.sink.push(d);
                return Vec::new();
            }
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let place = Place::Tally(stage, i + 1);
            let span = item.span;
            let Kind::Table(t) = item.kind else {
                let what = place.text();
                self.sink.push(msg::wrong_type(
                    span,
                    &what,
                    &Text::new("表", "a table"),
                    &item.describe(),
                ));
                continue;
            };
            let head = t.head;
            let [position, candidate, votes, round, write_in] = self.fields(t, &keys::TALLY, place);
            let position = self
                .need(position, &keys::TALLY[0], head, place)
                .and_then(|f| self.text(f, place));
            let candidate = self
                .need(candidate, &keys::TALLY[1], head, place)
                .and_then(|f| self.text(f, place));
            let votes = self
                .need(votes, &keys::TALLY[2], head, place)
                .and_then(|f| self.count(f, place));
            let round = round.and_then(|f| self.round(f, place));
            let write_in = write_in.and_then(|f| self.boolean(f, place));
            if let (Some(position), Some(candidate), Some(votes)) = (position, candidate, votes) {
                out.push(TallyEntry {
                    position,
                    candidate,
                    votes,
                    round,
                    write_in,
                    span,
                });
            }
        }
        out
    }

    fn position(&mut self, n: usize, t: Table<'a>, span: Span) -> Option<PositionEntry> {
        let place = Place::Element(Array::Positions, n);
        let head = t.head;
        let [id, seats] = self.fields(t, &keys::POSITION, place);
        let id = self
            .need(id, &keys::POSITION[0], head, place)
            .and_then(|f| self.text(f, place));
        // Blank seats (`seats = ""`, as the template leaves them when the
        // procedure allows a range) are "not filled in", like an absent key.
        let seats = seats.and_then(|f| self.count(f, place));
        Some(PositionEntry {
            id: id?,
            seats,
            span,
        })
    }

    fn candidate(&mut self, n: usize, t: Table<'a>, span: Span) -> Option<CandidateEntry> {
        let place = Place::Element(Array::Candidates, n);
        let head = t.head;
        let [name, position, gender, birth_date, list, nomination_votes, disqualified, incumbent, withdrawn, withdrawn_on, approved] =
            self.fields(t, &keys::CANDIDATE, place);
        let name = self
            .need(name, &keys::CANDIDATE[0], head, place)
            .and_then(|f| self.text(f, place));
        let position = self
            .need(position, &keys::CANDIDATE[1], head, place)
            .and_then(|f| self.text(f, place));
        let c = CandidateEntry {
            gender: gender.and_then(|f| self.gender(f, place)),
            birth_date: birth_date.and_then(|f| self.date(f, place)),
            list: list.and_then(|f| self.list(f, place)),
            nomination_votes: nomination_votes.and_then(|f| self.count(f, place)),
            disqualified: disqualified.and_then(|f| self.boolean(f, place)),
            incumbent: incumbent.and_then(|f| self.boolean(f, place)),
            withdrawn: withdrawn.and_then(|f| self.boolean(f, place)),
            withdrawn_on: withdrawn_on.and_then(|f| self.date(f, place)),
            approved: approved.and_then(|f| self.boolean(f, place)),
            name: name?,
            position: position?,
            span,
        };
        Some(c)
    }

    fn proxy(&mut self, n: usize, t: Table<'a>, span: Span) -> Option<ProxyEntry> {
        let place = Place::Element(Array::Proxies, n);
        let head = t.head;
        let [holder, principal] = self.fields(t, &keys::PROXY, place);
        let holder = self
            .need(holder, &keys::PROXY[0], head, place)
            .and_then(|f| self.text(f, place));
        let principal = self
            .need(principal, &keys::PROXY[1], head, place)
            .and_then(|f| self.text(f, place));
        Some(ProxyEntry {
            holder: holder?,
            principal: principal?,
            span,
        })
    }

    fn voter(&mut self, n: usize, t: Table<'a>, span: Span) -> Option<VoterEntry> {
        let place = Place::Element(Array::Voters, n);
        let head = t.head;
        let [name, birth_date] = self.fields(t, &keys::VOTER, place);
        let name = self
            .need(name, &keys::VOTER[0], head, place)
            .and_then(|f| self.text(f, place));
        let birth_date = birth_date.and_then(|f| self.date(f, place));
        Some(VoterEntry {
            name: name?,
            birth_date,
            span,
        })
    }

    fn excluded(&mut self, n: usize, t: Table<'a>, span: Span) -> Option<ExcludedEntry> {
        let place = Place::Element(Array::Excluded, n);
        let head = t.head;
        let [name, reason, approved] = self.fields(t, &keys::EXCLUDED, place);
        let name = self
            .need(name, &keys::EXCLUDED[0], head, place)
            .and_then(|f| self.text(f, place));
        let reason = self
            .need(reason, &keys::EXCLUDED[1], head, place)
            .and_then(|f| self.text(f, place));
        let approved = approved.and_then(|f| self.boolean(f, place));
        Some(ExcludedEntry {
            name: name?,
            reason: reason?,
            approved,
            span,
        })
    }

    fn elected(&mut self, n: usize, t: Table<'a>, span: Span) -> Option<ElectedEntry> {
        let place = Place::Element(Array::Elected, n);
        let head = t.head;
        let [position, name, gender, stage] = self.fields(t, &keys::ELECTED, place);
        let position = self
            .need(position, &keys::ELECTED[0], head, place)
            .and_then(|f| self.text(f, place));
        let name = self
            .need(name, &keys::ELECTED[1], head, place)
            .and_then(|f| self.text(f, place));
        let gender = gender.and_then(|f| self.gender(f, place));
        let stage = stage.and_then(|f| self.text(f, place));
        Some(ElectedEntry {
            position: position?,
            name: name?,
            gender,
            stage,
            span,
        })
    }
}
