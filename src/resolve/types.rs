//! The types of the language and its built-in vocabulary: collections and
//! their fields, enumeration values and functions, each named in English and
//! in Chinese.

use crate::ast::TypeName;
use crate::diag::Text;
use std::fmt;

/// The type of an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// A whole number of people, ballots, seats, …
    Count,
    /// A number of calendar days.
    Days,
    /// A calendar date.
    Date,
    /// Yes or no.
    Bool,
    /// Free text.
    Text,
    /// An exact fraction written as such (`1/2`, `20%`) or declared `ratio`.
    Ratio,
    /// An exact rational computed by `×`, `÷` or `of`.
    Number,
    /// An integer literal (or a sum of them) whose unit is not fixed yet: it
    /// becomes `Days` where days are expected and `Count` otherwise.
    /// INVARIANT: a resolved [`super::Program`] never contains it.
    Int,
    /// A value of a closed enumeration (`female`, `formal`, …).
    Enum(EnumKind),
    /// One element of a collection (a candidate, a position, …).
    Elem(Coll),
    /// The type of an expression that already has an error; it is compatible
    /// with everything so that one mistake gives one diagnostic.
    Error,
}

impl Type {
    /// The type a fact or parameter declared with `name` has.
    pub fn from_name(name: TypeName) -> Type {
        match name {
            TypeName::Count => Type::Count,
            TypeName::Days => Type::Days,
            TypeName::Date => Type::Date,
            TypeName::Bool => Type::Bool,
            TypeName::Text => Type::Text,
            TypeName::Ratio => Type::Ratio,
        }
    }

    /// Counts, ratios, rationals and integer literals.
    pub fn is_numeric(self) -> bool {
        matches!(self, Type::Count | Type::Ratio | Type::Number | Type::Int)
    }

    /// A count or an integer literal.
    pub fn is_countish(self) -> bool {
        matches!(self, Type::Count | Type::Int)
    }

    /// Whether a value of this type may stand where `want` is expected
    /// (integer literals adapt; a rational fits a ratio; errors fit anywhere).
    pub fn fits(self, want: Type) -> bool {
        self == want
            || self == Type::Error
            || want == Type::Error
            || (self == Type::Int && matches!(want, Type::Count | Type::Days | Type::Ratio))
            || (self == Type::Number && want == Type::Ratio)
    }

    /// The type's name in both languages, for messages.
    pub fn describe(self) -> Text {
        let (zh, en) = match self {
            Type::Count => ("计数", "count"),
            Type::Days => ("天数", "days"),
            Type::Date => ("日期", "date"),
            Type::Bool => ("真假值", "bool"),
            Type::Text => ("文本", "text"),
            Type::Ratio => ("比例", "ratio"),
            Type::Number => ("数值", "number"),
            Type::Int => ("整数", "integer"),
            Type::Enum(EnumKind::Gender) => ("性别", "gender"),
            Type::Enum(EnumKind::List) => ("名单类别", "list kind"),
            Type::Elem(c) => (c.element_zh(), c.element_en()),
            Type::Error => ("错误", "error"),
        };
        Text::new(zh, en)
    }
}

impl fmt::Display for Type {
    /// The English name (the dump's spelling).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe().en)
    }
}

/// The closed enumerations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EnumKind {
    Gender,
    List,
}

/// A value of a closed enumeration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EnumValue {
    Male,
    Female,
    Preliminary,
    Formal,
}

/// `(value, kind, English name, Chinese name)`.
const ENUM_VALUES: &[(EnumValue, EnumKind, &str, &str)] = &[
    (EnumValue::Male, EnumKind::Gender, "male", "男"),
    (EnumValue::Female, EnumKind::Gender, "female", "女"),
    (
        EnumValue::Preliminary,
        EnumKind::List,
        "preliminary",
        "初步",
    ),
    (EnumValue::Formal, EnumKind::List, "formal", "正式"),
];

impl EnumValue {
    /// The value a bare name spells, in either language.
    pub fn lookup(name: &str) -> Option<EnumValue> {
        ENUM_VALUES
            .iter()
            .find(|(_, _, en, zh)| *en == name || *zh == name)
            .map(|(v, ..)| *v)
    }

    /// The enumeration this value belongs to.
    pub fn kind(self) -> EnumKind {
        ENUM_VALUES
            .iter()
            .find(|(v, ..)| *v == self)
            .map(|(_, k, ..)| *k)
            .unwrap_or(EnumKind::Gender)
    }

    /// The canonical (English) name.
    pub fn name(self) -> &'static str {
        ENUM_VALUES
            .iter()
            .find(|(v, ..)| *v == self)
            .map(|(_, _, en, _)| *en)
            .unwrap_or("?")
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        ENUM_VALUES
            .iter()
            .find(|(v, ..)| *v == self)
            .map(|(_, _, _, zh)| *zh)
            .unwrap_or("?")
    }

    /// Every spelling of every value (for "did you mean").
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        ENUM_VALUES.iter().flat_map(|(_, _, en, zh)| [*en, *zh])
    }
}

/// The collections a record supplies, which `count` and the quantifiers
/// range over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Coll {
    Candidates,
    Positions,
    Proxies,
    Voters,
    Winners,
    Excluded,
}

/// `(collection, spellings, element in English, element in Chinese)`.
const COLLS: &[(Coll, &[&str], &str, &str)] = &[
    (
        Coll::Candidates,
        &["candidates", "candidate", "候选人"],
        "candidate",
        "候选人",
    ),
    (
        Coll::Positions,
        &["positions", "position", "职务"],
        "position",
        "职务",
    ),
    (
        Coll::Proxies,
        &["proxies", "proxy", "委托"],
        "proxy",
        "委托",
    ),
    (Coll::Voters, &["voters", "voter", "选民"], "voter", "选民"),
    (
        Coll::Winners,
        &["winners", "winner", "当选人"],
        "winner",
        "当选人",
    ),
    (
        Coll::Excluded,
        &["excluded", "不计应到"],
        "excluded member",
        "不计应到人员",
    ),
];

impl Coll {
    /// The collection a name spells (singular or plural, either language).
    pub fn lookup(name: &str) -> Option<Coll> {
        COLLS
            .iter()
            .find(|(_, names, ..)| names.contains(&name))
            .map(|(c, ..)| *c)
    }

    /// Every spelling of every collection (for "did you mean").
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        COLLS
            .iter()
            .flat_map(|(_, names, ..)| names.iter().copied())
    }

    fn row(self) -> Option<&'static (Coll, &'static [&'static str], &'static str, &'static str)> {
        COLLS.iter().find(|(c, ..)| *c == self)
    }

    /// The canonical (English plural) name.
    pub fn name(self) -> &'static str {
        self.row()
            .and_then(|(_, names, ..)| names.first().copied())
            .unwrap_or("?")
    }

    /// One element, in English.
    pub fn element_en(self) -> &'static str {
        self.row().map(|(_, _, en, _)| *en).unwrap_or("?")
    }

    /// One element, in Chinese.
    pub fn element_zh(self) -> &'static str {
        self.row().map(|(_, _, _, zh)| *zh).unwrap_or("?")
    }

    /// The fields of one element of this collection.
    pub fn fields(self) -> impl Iterator<Item = &'static FieldDef> {
        FIELDS.iter().filter(move |f| f.coll == self)
    }

    /// The field `name` (in either language) of an element.
    pub fn field(self, name: &str) -> Option<&'static FieldDef> {
        self.fields().find(|f| f.en == name || f.zh == name)
    }

    /// "`name` (`姓名`), `position` (`职务`), …" — the field list for help texts.
    pub fn field_list(self) -> Text {
        let zh: Vec<String> = self.fields().map(|f| format!("`{}`", f.zh)).collect();
        let en: Vec<String> = self.fields().map(|f| format!("`{}`", f.en)).collect();
        Text::new(zh.join("、"), en.join(", "))
    }
}

/// The fields of collection elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Name,
    Position,
    Gender,
    List,
    BirthDate,
    NominationVotes,
    Disqualified,
    Incumbent,
    Withdrawn,
    WithdrawnOn,
    Approved,
    Seats,
    Holder,
    Principal,
    Reason,
}

/// One field of one collection's elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldDef {
    pub coll: Coll,
    pub field: Field,
    pub en: &'static str,
    pub zh: &'static str,
    pub ty: Type,
}

const fn fd(coll: Coll, field: Field, en: &'static str, zh: &'static str, ty: Type) -> FieldDef {
    FieldDef {
        coll,
        field,
        en,
        zh,
        ty,
    }
}

const GENDER: Type = Type::Enum(EnumKind::Gender);
const POSITION: Type = Type::Elem(Coll::Positions);

const FIELDS: &[FieldDef] = &[
    fd(Coll::Candidates, Field::Name, "name", "姓名", Type::Text),
    fd(
        Coll::Candidates,
        Field::Position,
        "position",
        "职务",
        POSITION,
    ),
    fd(Coll::Candidates, Field::Gender, "gender", "性别", GENDER),
    fd(
        Coll::Candidates,
        Field::List,
        "list",
        "名单",
        Type::Enum(EnumKind::List),
    ),
    fd(
        Coll::Candidates,
        Field::BirthDate,
        "birth_date",
        "出生日期",
        Type::Date,
    ),
    fd(
        Coll::Candidates,
        Field::NominationVotes,
        "nomination_votes",
        "提名得票",
        Type::Count,
    ),
    fd(
        Coll::Candidates,
        Field::Disqualified,
        "disqualified",
        "负面情形",
        Type::Bool,
    ),
    fd(
        Coll::Candidates,
        Field::Incumbent,
        "incumbent",
        "连任",
        Type::Bool,
    ),
    fd(
        Coll::Candidates,
        Field::Withdrawn,
        "withdrawn",
        "已退出",
        Type::Bool,
    ),
    fd(
        Coll::Candidates,
        Field::WithdrawnOn,
        "withdrawn_on",
        "退出日期",
        Type::Date,
    ),
    fd(
        Coll::Candidates,
        Field::Approved,
        "approved",
        "经批准",
        Type::Bool,
    ),
    fd(Coll::Positions, Field::Name, "name", "名称", Type::Text),
    fd(Coll::Positions, Field::Seats, "seats", "名额", Type::Count),
    fd(Coll::Proxies, Field::Holder, "holder", "受托人", Type::Text),
    fd(
        Coll::Proxies,
        Field::Principal,
        "principal",
        "委托人",
        Type::Text,
    ),
    fd(Coll::Voters, Field::Name, "name", "姓名", Type::Text),
    fd(
        Coll::Voters,
        Field::BirthDate,
        "birth_date",
        "出生日期",
        Type::Date,
    ),
    fd(Coll::Winners, Field::Name, "name", "姓名", Type::Text),
    fd(Coll::Winners, Field::Position, "position", "职务", POSITION),
    fd(Coll::Winners, Field::Gender, "gender", "性别", GENDER),
    fd(Coll::Excluded, Field::Name, "name", "姓名", Type::Text),
    fd(Coll::Excluded, Field::Reason, "reason", "原因", Type::Text),
    fd(
        Coll::Excluded,
        Field::Approved,
        "approved",
        "经批准",
        Type::Bool,
    ),
];

impl Field {
    /// The canonical (English) name of this field on `coll`'s elements.
    pub fn name(self, coll: Coll) -> &'static str {
        coll.fields()
            .find(|f| f.field == self)
            .map(|f| f.en)
            .unwrap_or("?")
    }
}

/// The built-in functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    /// `seats(p)` / `名额(p)`: the seats of a position.
    Seats,
    /// `happened(S)` / `已进行(S)`: whether stage S took place.
    Happened,
    /// `shortfall(S)` / `缺额(S)`: seats left unfilled by S's elect rule.
    Shortfall,
    /// `tie(S)` / `平票(S)`: a tie at the cut-off in S's election.
    Tie,
    /// `date(S)` / `日期(S)`: the day S starts.
    Date,
    /// `age(person, on: D)` / `年龄(person, 于: D)`: whole years of age on D.
    Age,
    /// `ceil(x)` / `向上取整(x)`.
    Ceil,
    /// `floor(x)` / `向下取整(x)`.
    Floor,
    /// `min(a, b)` / `最小(a, b)`.
    Min,
    /// `max(a, b)` / `最大(a, b)`.
    Max,
}

const BUILTINS: &[(Builtin, &str, &str, usize)] = &[
    (Builtin::Seats, "seats", "名额", 1),
    (Builtin::Happened, "happened", "已进行", 1),
    (Builtin::Shortfall, "shortfall", "缺额", 1),
    (Builtin::Tie, "tie", "平票", 1),
    (Builtin::Date, "date", "日期", 1),
    (Builtin::Age, "age", "年龄", 2),
    (Builtin::Ceil, "ceil", "向上取整", 1),
    (Builtin::Floor, "floor", "向下取整", 1),
    (Builtin::Min, "min", "最小", 2),
    (Builtin::Max, "max", "最大", 2),
];

impl Builtin {
    /// The function a name spells, in either language.
    pub fn lookup(name: &str) -> Option<Builtin> {
        BUILTINS
            .iter()
            .find(|(_, en, zh, _)| *en == name || *zh == name)
            .map(|(b, ..)| *b)
    }

    /// Every spelling of every function (for "did you mean").
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        BUILTINS.iter().flat_map(|(_, en, zh, _)| [*en, *zh])
    }

    /// The canonical (English) name.
    pub fn name(self) -> &'static str {
        BUILTINS
            .iter()
            .find(|(b, ..)| *b == self)
            .map(|(_, en, ..)| *en)
            .unwrap_or("?")
    }

    /// How many arguments it takes.
    pub fn arity(self) -> usize {
        BUILTINS
            .iter()
            .find(|(b, ..)| *b == self)
            .map(|(.., n)| *n)
            .unwrap_or(1)
    }

    /// Whether the function's argument is a stage (or phase) name rather than
    /// a value.
    pub fn takes_stage(self) -> bool {
        matches!(
            self,
            Builtin::Happened | Builtin::Shortfall | Builtin::Tie | Builtin::Date
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_in_both_languages() {
        assert_eq!(Coll::lookup("候选人"), Some(Coll::Candidates));
        assert_eq!(Coll::lookup("proxy"), Some(Coll::Proxies));
        assert_eq!(Coll::lookup("ballots"), None);
        let gender = Coll::Candidates.field("性别").map(|f| f.ty);
        assert_eq!(gender, Some(Type::Enum(EnumKind::Gender)));
        assert_eq!(
            Coll::Positions.field("名额").map(|f| f.ty),
            Some(Type::Count)
        );
        assert_eq!(EnumValue::lookup("正式"), Some(EnumValue::Formal));
        assert_eq!(EnumValue::Female.kind(), EnumKind::Gender);
        assert_eq!(Builtin::lookup("缺额"), Some(Builtin::Shortfall));
        assert_eq!(Builtin::Age.arity(), 2);
        assert_eq!(Field::BirthDate.name(Coll::Voters), "birth_date");
    }

    #[test]
    fn integer_literals_adapt() {
        assert!(Type::Int.fits(Type::Days));
        assert!(Type::Int.fits(Type::Count));
        assert!(!Type::Count.fits(Type::Days));
        assert!(Type::Number.fits(Type::Ratio));
        assert!(!Type::Ratio.fits(Type::Count));
        assert!(Type::Error.fits(Type::Date));
    }
}
