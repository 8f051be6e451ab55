//! The district report as a workbook (rust_xlsxwriter): a summary sheet
//! (totals per verdict, per procedure, per district, by kind and by
//! stage), one row per record, one row per finding with all its fields,
//! and the checklist of items not checked or to check by hand. Every value
//! from a record is written as a string cell (never a formula: a unit
//! named `=HYPERLINK(…)` stays text); counts are number cells (integers,
//! exact in a double).

use super::model::{Breakdown, Report};
use super::words::{self, pick, KINDS};
use crate::check::render::Tally;
use crate::check::Verdict;
use crate::diag::Lang;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// The longest text a cell holds (Excel's limit, in characters).
const CELL_CHARS: usize = 32_767;

/// A sheet being filled row by row.
struct Sheet<'a> {
    ws: &'a mut Worksheet,
    row: u32,
    bold: Format,
}

impl Sheet<'_> {
    fn text(&mut self, col: u16, text: &str) -> Result<(), XlsxError> {
        let text: String = if text.chars().count() > CELL_CHARS {
            text.chars().take(CELL_CHARS - 1).chain(['…']).collect()
        } else {
            text.to_string()
        };
        self.ws.write_string(self.row, col, text)?;
        Ok(())
    }

    fn number(&mut self, col: u16, n: usize) -> Result<(), XlsxError> {
        // Counts of a batch are far below 2^32: exact as a double.
        self.ws
            .write_number(self.row, col, u32::try_from(n).unwrap_or(u32::MAX))?;
        Ok(())
    }

    /// A bold row of headings.
    fn head(&mut self, cells: &[&str]) -> Result<(), XlsxError> {
        for (i, c) in cells.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, col(i), *c, &self.bold)?;
        }
        self.row += 1;
        Ok(())
    }

    /// A row of texts then numbers.
    fn line(&mut self, texts: &[&str], numbers: &[usize]) -> Result<(), XlsxError> {
        for (i, t) in texts.iter().enumerate() {
            self.text(col(i), t)?;
        }
        for (i, n) in numbers.iter().enumerate() {
            self.number(col(texts.len() + i), *n)?;
        }
        self.row += 1;
        Ok(())
    }
}

fn col(i: usize) -> u16 {
    u16::try_from(i).unwrap_or(u16::MAX)
}

fn tally(t: &Tally) -> [usize; 4] {
    [t.total(), t.conforming, t.violations, t.invalid]
}

/// The workbook of `report`, as the bytes of an `.xlsx` file.
pub fn render(report: &Report) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    summary(book.add_worksheet(), report, &bold)?;
    records(book.add_worksheet(), report, &bold)?;
    findings(book.add_worksheet(), report, &bold)?;
    checklist(book.add_worksheet(), report, &bold)?;
    book.save_to_buffer()
}

fn verdict_heads(lang: Lang) -> [&'static str; 4] {
    [
        pick(lang, "记录", "records"),
        words::verdict(Verdict::Conforming, lang),
        words::verdict(Verdict::Violations, lang),
        words::verdict(Verdict::Invalid, lang),
    ]
}

fn summary(ws: &mut Worksheet, report: &Report, bold: &Format) -> Result<(), XlsxError> {
    let lang = report.lang;
    ws.set_name(pick(lang, "汇总", "Summary"))?;
    ws.set_column_width(0, 28)?;
    ws.set_paper_size(9); // A4
    let mut s = Sheet {
        ws,
        row: 0,
        bold: bold.clone(),
    };
    let title = pick(
        lang,
        "换届选举记录检查报告",
        "Election records inspection report",
    );
    s.head(&[title])?;
    s.line(&[pick(lang, "程序", "procedure"), &report.procedure], &[])?;
    s.line(
        &[
            pick(lang, "版本", "version"),
            &format!("huanjie {}", report.version),
        ],
        &[],
    )?;
    s.line(&[&report.summary.line(lang)], &[])?;
    s.row += 1;
    let v = verdict_heads(lang);
    s.head(&[pick(lang, "程序", "procedure"), v[0], v[1], v[2], v[3]])?;
    for (name, t) in &report.summary.by_procedure {
        s.line(&[name], &tally(t))?;
    }
    s.line(
        &[pick(lang, "合计", "total")],
        &tally(&report.summary.tally),
    )?;
    s.line(
        &[pick(lang, "跳过的文件", "files skipped")],
        &[report.summary.skipped.len()],
    )?;
    s.row += 1;
    let (ve, vw) = (
        pick(lang, "违规", "violations found"),
        pick(lang, "警告", "warnings"),
    );
    s.head(&[
        pick(lang, "街道", "district"),
        v[0],
        v[1],
        v[2],
        v[3],
        ve,
        vw,
    ])?;
    for d in report.districts() {
        let (e, w) = d
            .breakdown
            .by_kind
            .values()
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        let t = tally(&d.tally);
        s.line(&[report.district_name(&d)], &[t[0], t[1], t[2], t[3], e, w])?;
    }
    s.row += 1;
    breakdown(&mut s, &report.breakdown(), lang)
}

fn breakdown(s: &mut Sheet<'_>, b: &Breakdown, lang: Lang) -> Result<(), XlsxError> {
    let (ve, vw) = (
        pick(lang, "违规", "violations"),
        pick(lang, "警告", "warnings"),
    );
    s.head(&[pick(lang, "问题类型", "kind of finding"), ve, vw])?;
    for k in KINDS {
        let (e, w) = b.by_kind.get(&k).copied().unwrap_or_default();
        s.line(&[words::kind(k, lang)], &[e, w])?;
    }
    s.row += 1;
    s.head(&[pick(lang, "阶段", "stage"), ve, vw])?;
    for (stage, (e, w)) in &b.by_stage {
        s.line(
            &[stage.as_deref().unwrap_or(words::no_stage(lang))],
            &[*e, *w],
        )?;
    }
    Ok(())
}

fn district_name<'a>(report: &'a Report, d: Option<&'a str>) -> &'a str {
    d.unwrap_or(words::no_district(report.lang))
}

fn records(ws: &mut Worksheet, report: &Report, bold: &Format) -> Result<(), XlsxError> {
    let lang = report.lang;
    ws.set_name(pick(lang, "记录", "Records"))?;
    let heads = [
        pick(lang, "街道", "district"),
        pick(lang, "社区", "community"),
        pick(lang, "单位", "unit"),
        pick(lang, "记录文件", "record file"),
        pick(lang, "程序", "procedure"),
        pick(lang, "结论", "verdict"),
        pick(lang, "违规", "violations"),
        pick(lang, "警告", "warnings"),
        pick(lang, "已核对", "checked"),
        pick(lang, "缺数据未核对", "not checkable"),
        pick(lang, "须人工核对", "to check by hand"),
    ];
    ws.set_freeze_panes(1, 0)?;
    let mut s = Sheet {
        ws,
        row: 0,
        bold: bold.clone(),
    };
    s.head(&heads)?;
    for r in &report.records {
        let (e, w) = r.errors_warnings();
        let texts = [
            district_name(report, r.district.as_deref()),
            r.community.as_deref().unwrap_or(""),
            r.unit.as_deref().unwrap_or(""),
            &r.path,
            r.procedure.as_deref().unwrap_or(""),
            words::verdict(r.verdict, lang),
        ];
        match r.counts {
            Some(c) => s.line(&texts, &[e, w, c.checked, c.not_checkable, c.manual])?,
            None => s.line(&texts, &[e, w])?,
        }
    }
    s.ws.autofilter(0, 0, s.row.saturating_sub(1).max(1), col(heads.len() - 1))?;
    Ok(())
}

fn findings(ws: &mut Worksheet, report: &Report, bold: &Format) -> Result<(), XlsxError> {
    let lang = report.lang;
    ws.set_name(pick(lang, "问题", "Findings"))?;
    let heads = [
        pick(lang, "街道", "district"),
        pick(lang, "社区", "community"),
        pick(lang, "记录文件", "record file"),
        pick(lang, "结论", "verdict"),
        pick(lang, "代码", "code"),
        pick(lang, "类型", "kind"),
        pick(lang, "严重程度", "severity"),
        pick(lang, "阶段", "stage"),
        pick(lang, "问题", "message"),
        pick(lang, "要求", "required"),
        pick(lang, "记录", "recorded"),
        pick(lang, "记录位置", "record location"),
        pick(lang, "规定位置", "rule location"),
        pick(lang, "依据", "legal basis"),
    ];
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(8, 50)?;
    ws.set_column_width(13, 50)?;
    let mut s = Sheet {
        ws,
        row: 0,
        bold: bold.clone(),
    };
    s.head(&heads)?;
    for r in &report.records {
        for f in &r.findings {
            s.line(
                &[
                    district_name(report, r.district.as_deref()),
                    r.name(),
                    &r.path,
                    words::verdict(r.verdict, lang),
                    f.code,
                    words::kind(f.kind, lang),
                    words::severity(f.severity, lang),
                    f.stage.as_deref().unwrap_or(""),
                    &f.message,
                    f.expected.as_deref().unwrap_or(""),
                    f.actual.as_deref().unwrap_or(""),
                    f.record_location.as_deref().unwrap_or(""),
                    f.rule_location.as_deref().unwrap_or(""),
                    f.basis.as_deref().unwrap_or(""),
                ],
                &[],
            )?;
        }
    }
    s.ws.autofilter(0, 0, s.row.saturating_sub(1).max(1), col(heads.len() - 1))?;
    Ok(())
}

fn checklist(ws: &mut Worksheet, report: &Report, bold: &Format) -> Result<(), XlsxError> {
    let lang = report.lang;
    ws.set_name(pick(lang, "核对清单", "Checklist"))?;
    let heads = [
        pick(lang, "街道", "district"),
        pick(lang, "社区", "community"),
        pick(lang, "记录文件", "record file"),
        pick(lang, "状态", "status"),
        pick(lang, "阶段", "stage"),
        pick(lang, "事项", "item"),
        pick(lang, "所缺数据", "values missing"),
        pick(lang, "依据", "legal basis"),
        pick(lang, "核对结果", "inspector's result"),
    ];
    ws.set_freeze_panes(1, 0)?;
    ws.set_column_width(5, 50)?;
    let mut s = Sheet {
        ws,
        row: 0,
        bold: bold.clone(),
    };
    s.head(&heads)?;
    for r in &report.records {
        for c in &r.coverage {
            let status = match c.status {
                "manual" => pick(lang, "须人工核对", "to check by hand"),
                _ => pick(lang, "缺数据未核对", "not checkable"),
            };
            s.line(
                &[
                    district_name(report, r.district.as_deref()),
                    r.name(),
                    &r.path,
                    status,
                    c.stage.as_deref().unwrap_or(""),
                    &c.text,
                    c.missing.as_deref().unwrap_or(""),
                    c.basis.as_deref().unwrap_or(""),
                ],
                &[],
            )?;
        }
    }
    Ok(())
}
