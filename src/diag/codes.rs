//! The stable diagnostic codes. `docs/codes.md` documents each one; a test
//! checks that every code here has a section there.

macro_rules! codes {
    ($( $(#[$doc:meta])* $name:ident = $id:literal, $zh:literal, $en:literal; )*) => {
        /// A stable diagnostic code (`HJ` + three digits).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $name, )*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The stable identifier, e.g. `HJ101`.
            pub fn id(self) -> &'static str {
                match self { $(Code::$name => $id,)* }
            }

            /// A one-line summary of the code in Chinese and English.
            pub fn summary(self) -> (&'static str, &'static str) {
                match self { $(Code::$name => ($zh, $en),)* }
            }
        }
    };
}

codes! {
    // -- HJ0xx: reading and parsing a file
    /// The file cannot be read.
    Unreadable = "HJ001", "无法读取文件", "the file cannot be read";
    /// The file is not valid UTF-8.
    InvalidUtf8 = "HJ002", "文件不是有效的 UTF-8 文本", "the file is not valid UTF-8";
    /// The file holds no procedure and no plan.
    EmptyFile = "HJ003", "文件中没有程序或计划", "the file holds no procedure or plan";
    /// The file exceeds the size limit.
    FileTooLarge = "HJ004", "文件过大", "the file is too large";
    /// The text does not follow the grammar.
    Syntax = "HJ010", "语法错误", "syntax error";
    /// A string literal is not closed.
    UnterminatedString = "HJ011", "字符串没有结束引号", "unterminated string";
    /// A block comment is not closed.
    UnterminatedComment = "HJ012", "块注释没有结束", "unterminated block comment";
    /// A number does not fit in 64 bits.
    NumberTooLarge = "HJ013", "数字超出范围", "number too large";
    /// A keyword stands where a name is expected.
    KeywordAsName = "HJ014", "关键字不能用作名称", "a keyword cannot be a name";
    /// Brackets or blocks nest deeper than the limit.
    TooDeep = "HJ015", "嵌套层数过多", "nesting too deep";
    /// An expression has more terms than the limit.
    TooLong = "HJ016", "表达式过长", "expression too long";
    /// A date that is not on the calendar.
    InvalidDate = "HJ017", "日期无效", "invalid date";
    /// A Chinese numeral that is not well formed.
    InvalidNumeral = "HJ018", "中文数字写法有误", "malformed Chinese numeral";
    /// A fraction with a zero denominator.
    ZeroDenominator = "HJ019", "分母为零", "zero denominator";
    /// `include "…"` names an absolute path or a file outside the root folder.
    IncludeOutside = "HJ020", "引入的文件在根目录之外", "included file outside the root folder";
    /// `include "…"` names a file that is not a `.hj` file.
    IncludeNotHj = "HJ021", "引入的不是 .hj 文件", "included file is not a .hj file";
    /// Files that include each other (or a file that includes itself).
    FileIncludeCycle = "HJ022", "文件相互引入成环", "files include each other";
    /// A record given where a procedure is expected, or the reverse.
    WrongFileKind = "HJ023", "文件种类不符：记录与程序的位置颠倒", "a record where a procedure is expected, or the reverse";
    /// `huanjie fmt` would change a file's tokens, not only its layout (a bug).
    FormatChanged = "HJ090", "格式化会改变文件的内容", "formatting would change the file's content";
    /// `huanjie test`: a records folder with no procedure to check against.
    NoTestProcedure = "HJ091", "测试记录没有对应的程序", "test records without a procedure";

    // -- HJ1xx: names
    /// A name that is defined nowhere.
    Undefined = "HJ101", "名称未定义", "undefined name";
    /// A name defined twice in one scope.
    Duplicate = "HJ102", "名称重复定义", "duplicate definition";
    /// `per` cites a basis that is not declared.
    UnknownBasis = "HJ103", "依据未声明", "unknown basis";
    /// A timing constraint names no stage or phase.
    UnknownStage = "HJ104", "阶段或环节不存在", "unknown stage or phase";
    /// A stage or phase constrained against itself.
    SelfReference = "HJ105", "阶段以自身为约束对象", "stage constrained against itself";
    /// A plan for a procedure that is not loaded.
    UnknownProcedure = "HJ106", "程序不存在", "unknown procedure";
    /// Procedures that include each other (or a procedure that includes itself).
    IncludeCycle = "HJ107", "程序相互引入成环", "include cycle";
    /// A setting key or value that does not exist.
    UnknownSetting = "HJ108", "设定项或取值不存在", "unknown setting";
    /// A call of a function that does not exist.
    UnknownFunction = "HJ109", "函数不存在", "unknown function";
    /// `count` or a quantifier over something that is not a collection.
    UnknownCollection = "HJ110", "集合不存在", "unknown collection";
    /// A field that the value does not have.
    UnknownField = "HJ111", "字段不存在", "unknown field";
    /// A position that is not declared.
    UnknownPosition = "HJ112", "职务未声明", "unknown position";
    /// A plan overrides a parameter the procedure does not have.
    UnknownParam = "HJ113", "参数不存在", "unknown parameter";
    /// A basis that no rule cites.
    UnusedBasis = "HJ115", "依据未被引用", "unused basis";
    /// `votes` outside an `elect` rule.
    VotesOutsideElect = "HJ116", "得票只能用于当选规则", "`votes` outside an elect rule";
    /// A type name that does not exist.
    UnknownType = "HJ117", "类型不存在", "unknown type";
    /// `apply` names a rule set that does not exist.
    UnknownRuleSet = "HJ118", "规则组不存在", "unknown rule set";
    /// Includes nest too deep, or copy too much once flattened.
    IncludeLimit = "HJ119", "引入超出上限", "include limit exceeded";

    // -- HJ2xx: types and values
    /// A value of the wrong type.
    TypeMismatch = "HJ201", "类型不匹配", "type mismatch";
    /// Arithmetic between incompatible units (days and counts, …).
    UnitMismatch = "HJ202", "单位不匹配", "unit mismatch";
    /// A comparison between values that cannot be compared.
    IncomparableTypes = "HJ203", "无法比较的两个值", "values cannot be compared";
    /// A condition that is not true/false.
    NotACondition = "HJ204", "条件必须是真假值", "condition is not a yes/no value";
    /// A function called with the wrong arguments.
    BadArguments = "HJ205", "函数参数有误", "wrong arguments";
    /// A range whose lower end exceeds its upper end.
    EmptyRange = "HJ207", "范围下限大于上限", "empty range";
    /// A parameter used as a number of days is not of type days.
    NotDays = "HJ208", "天数参数类型有误", "parameter is not a number of days";
    /// A division by zero.
    DivisionByZero = "HJ210", "除数为零", "division by zero";
    /// A parameter's value that is not a constant (or depends on itself).
    NotConstant = "HJ211", "参数的值不是常量", "parameter value is not a constant";
    /// A contested parameter whose readings are malformed (fewer than two,
    /// the same value twice, no source, the default not among them, too many).
    BadReadings = "HJ212", "争议参数的读法有误", "malformed readings of a contested parameter";
    /// A `candidates from S` that names the stage itself, a stage that elects
    /// nobody, or is written twice in one stage.
    BadCandidateSource = "HJ213", "候选人来源有误", "bad source of candidates";

    // -- HJ3xx: findings of the checker (one code per finding kind)
    /// A required stage the record does not show.
    MissingStage = "HJ301", "缺少必经阶段", "missing stage";
    /// A stage the procedure does not know, or one that should not happen here.
    UnexpectedStage = "HJ302", "不应出现的阶段", "unexpected stage";
    /// A stage before one it must follow.
    Order = "HJ303", "阶段顺序错误", "stages out of order";
    /// A span of days too short or too long.
    Duration = "HJ304", "持续时间不符", "wrong duration";
    /// A date outside its window.
    Deadline = "HJ305", "日期超出时限", "deadline missed";
    /// A failed turnout, attendance or majority threshold.
    Quorum = "HJ306", "未达法定人数或比例", "quorum not met";
    /// Any other requirement that fails.
    RuleFailed = "HJ307", "不符合规定", "requirement not met";
    /// Declared winners differ from what the tally and the rules give.
    ResultMismatch = "HJ308", "当选结果与计票不符", "result differs from the tally";
    /// A value a rule needs is missing or malformed.
    Data = "HJ309", "记录数据缺失或有误", "missing or malformed data";
    /// A finding that holds under some readings of a contested rule only
    /// (a contested parameter, or the reading of "N 日前").
    ReadingDependent = "HJ310", "结论取决于有争议的读法", "verdict depends on a contested reading";
    /// The record claims another procedure.
    WrongProcedure = "HJ311", "记录所属程序不符", "record for another procedure";
    /// Two numbers of the record that cannot both be true (attendance above
    /// its base, votes above the voters).
    InconsistentData = "HJ312", "记录数据自相矛盾", "inconsistent record data";
    /// The same candidate, tally line or winner twice, or one person elected
    /// to two positions that are elected separately.
    DuplicateEntry = "HJ313", "记录中有重复条目", "duplicate record entry";
    /// A tally line for someone on no candidate list (not a permitted write-in).
    NotACandidate = "HJ314", "得票人不在候选人名单上", "votes for someone not on the candidate list";
    /// A candidate standing in a round they may not stand in: a revote by
    /// someone who was not tied, or a stage's candidate outside the set its
    /// `candidates from S` allows.
    RoundCandidate = "HJ315", "候选人不应参加此轮投票", "candidate may not stand in this round";

    // -- HJ4xx: the stage graph and its timing (static analysis)
    /// Timing constraints that no schedule can satisfy (a negative cycle).
    Contradiction = "HJ401", "时间约束相互矛盾", "contradictory timing constraints";
    /// Stages that must each follow the other.
    PrecedenceCycle = "HJ402", "先后顺序成环", "precedence cycle";
    /// A stage with no timing relation to the rest of the procedure.
    Unconnected = "HJ403", "阶段与程序其余部分没有时间联系", "stage not connected to the rest";
    /// A required stage placed after an optional or conditional one.
    RequiredAfterOptional = "HJ404", "必经阶段以可选阶段为前提", "required stage follows an optional one";
    /// A `when` condition that can never hold.
    NeverHolds = "HJ405", "条件永远不会成立", "condition can never hold";
    /// A phase whose own timing leaves no room for its stages.
    PhaseBounds = "HJ406", "环节的时间容纳不下其中的阶段", "phase cannot contain its stages";
    /// Anchor dates (`--anchor`, a plan's dates or window) that leave no schedule.
    AnchorConflict = "HJ410", "锚定日期使日程无法安排", "the anchor dates leave no schedule";
    /// A working-day rule counted past the years the holiday calendar covers.
    OutsideCalendar = "HJ411", "工作日超出节假日日历的覆盖年份", "working days counted outside the holiday calendar";

    // -- HJ5xx: plans
    /// A planned span that ends before it starts.
    PlanReversed = "HJ501", "计划的结束日期早于开始日期", "planned span ends before it starts";
    /// A planned date outside the plan's window.
    PlanOutsideWindow = "HJ502", "计划日期超出换届期限", "planned date outside the window";
    /// Planned dates that break a timing constraint of the procedure.
    PlanViolates = "HJ503", "计划日期违反程序的时间约束", "planned dates break a timing constraint";
    /// Planned dates that leave no schedule for the unplanned stages.
    PlanInfeasible = "HJ504", "计划日期使其余阶段无法安排", "planned dates leave no schedule";

    // -- HJ6xx: reading records
    /// The record file is not valid TOML or JSON.
    RecordSyntax = "HJ601", "记录文件格式错误", "record is not valid TOML or JSON";
    /// A key the record model does not have.
    UnknownKey = "HJ602", "记录中有未知的键", "unknown key in record";
    /// A value of the wrong type.
    WrongType = "HJ603", "记录中的值类型有误", "wrong type of value in record";
    /// A required key is absent.
    MissingKey = "HJ604", "记录缺少必填项", "missing key in record";
    /// A value out of its range (a negative count, a date not on the calendar).
    BadValue = "HJ605", "记录中的值无效", "invalid value in record";
    /// A record nested too deep or too large.
    RecordTooLarge = "HJ606", "记录文件过大或嵌套过深", "record too large or too deeply nested";
    /// A key given twice.
    DuplicateKey = "HJ607", "记录中的键重复", "duplicate key in record";
    /// A workbook that does not follow the layout of docs/records.md (a
    /// hidden sheet, a community not listed, a missing `社区` column).
    SheetLayout = "HJ620", "工作簿的结构有误", "workbook does not follow the layout";
    /// A cell that cannot be read as a value (an error value, a formula
    /// without a result, merged cells, text over the length limit).
    UnusableCell = "HJ621", "单元格无法使用", "unusable cell";
    /// Text that could mean more than one value (`1/7/2021`, `3.186`).
    AmbiguousValue = "HJ622", "记录中的值有歧义", "ambiguous value in record";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for c in Code::ALL {
            let id = c.id();
            assert!(seen.insert(id), "duplicate code {id}");
            assert!(id.len() == 5 && id.starts_with("HJ"), "{id}");
            assert!(id[2..].chars().all(|ch| ch.is_ascii_digit()), "{id}");
        }
    }
}
