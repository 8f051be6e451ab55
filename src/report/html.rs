//! The district report as one self-contained HTML page: inline CSS, no
//! script, no network; print CSS for A4 (each district starts a page,
//! table headers repeat, rows do not split). Every piece of record or
//! procedure text is escaped ([`crate::render::svg::escape`]).

use super::model::{Breakdown, CoverageRow, District, FindingRow, RecordRow, Report};
use super::words::{self, pick, KINDS};
use crate::check::coverage::Counts;
use crate::check::render::Tally;
use crate::check::Verdict;
use crate::diag::Lang;
use crate::render::svg::escape as e;

const CSS: &str = r#"
:root { --ink: #1a202c; --muted: #4a5568; --line: #cbd5e0; --ok: #276749; --bad: #9b2c2c; --warn: #975a16; --grey: #4a5568; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px; color: var(--ink);
  font: 14px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 20px 0 6px; }
h4 { font-size: 14px; margin: 12px 0 4px; color: var(--muted); }
.meta, .path { color: var(--muted); margin: 0 0 8px; }
table { border-collapse: collapse; width: calc(100% - 1px); margin: 6px 0 12px; table-layout: auto; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; word-break: break-word; white-space: pre-wrap; }
th { background: #edf2f7; font-weight: 600; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.pair { display: flex; gap: 16px; }
.pair > div { flex: 1; min-width: 0; }
.v { display: inline-block; padding: 0 6px; border-radius: 3px; font-weight: 600; white-space: nowrap; }
.v.conforming { color: var(--ok); border: 1px solid var(--ok); }
.v.violations { color: var(--bad); border: 1px solid var(--bad); }
.v.invalid { color: var(--grey); border: 1px solid var(--grey); }
.sev-error { color: var(--bad); font-weight: 600; }
.sev-warning { color: var(--warn); font-weight: 600; }
.code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 12px; }
.loc { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 12px; color: var(--muted); }
.basis { color: var(--muted); font-size: 13px; }
.none { color: var(--ok); }
ul.check { list-style: none; padding-left: 4px; margin: 4px 0; }
ul.check li::before { content: "☐ "; }
ul { margin: 4px 0; padding-left: 22px; }
article.record { margin: 0 0 18px; padding-top: 4px; border-top: 1px solid var(--line); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.district { break-before: page; }
  h2, h3, h4 { break-after: avoid; }
  tr, li { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn td(text: &str) -> String {
    format!("<td>{}</td>", e(text))
}

fn num(n: usize) -> String {
    format!("<td class=\"n\">{n}</td>")
}

fn ths(cells: &[&str], numeric_from: usize) -> String {
    let mut out = String::from("<thead><tr>");
    for (i, c) in cells.iter().enumerate() {
        let class = if i >= numeric_from {
            " class=\"n\""
        } else {
            ""
        };
        out.push_str(&format!("<th{class}>{}</th>", e(c)));
    }
    out.push_str("</tr></thead>");
    out
}

fn verdict_badge(v: Verdict, lang: Lang) -> String {
    format!(
        "<span class=\"v {}\">{}</span>",
        v.as_str(),
        e(words::verdict(v, lang))
    )
}

/// The HTML page of `report`.
pub fn render(report: &Report) -> String {
    let lang = report.lang;
    let districts = report.districts();
    let title = pick(
        lang,
        "换届选举记录检查报告",
        "Election records inspection report",
    );
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"huanjie {}\">\n<title>{} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        pick(lang, "zh-CN", "en"),
        e(report.version),
        e(title),
        e(&report.procedure),
    ));
    out.push_str(&format!("<header>\n<h1>{}</h1>\n", e(title)));
    out.push_str(&format!(
        "<p class=\"meta\">{}{} · huanjie {}</p>\n</header>\n",
        pick(lang, "程序：", "Procedure: "),
        e(&report.procedure),
        e(report.version)
    ));
    summary(&mut out, report, &districts);
    for (i, d) in districts.iter().enumerate() {
        district(&mut out, report, d, i);
    }
    out.push_str(&format!(
        "<footer>{}</footer>\n</body>\n</html>\n",
        e(&match lang {
            Lang::Zh => format!(
                "本报告由 huanjie {} 根据所给选举记录自动生成；“须人工核对”的事项由检查人逐项核对。",
                report.version
            ),
            Lang::En => format!(
                "Written by huanjie {} from the records given; the items \"to check by hand\" are for the inspector to tick.",
                report.version
            ),
        })
    ));
    out
}

fn tally_cells(t: &Tally) -> String {
    [t.total(), t.conforming, t.violations, t.invalid]
        .into_iter()
        .map(num)
        .collect()
}

fn summary(out: &mut String, report: &Report, districts: &[District<'_>]) {
    let lang = report.lang;
    let s = &report.summary;
    out.push_str(&format!(
        "<section class=\"summary\">\n<h2>{}</h2>\n<p>{}</p>\n",
        e(pick(lang, "汇总", "Summary")),
        e(&s.line(lang))
    ));
    let verdicts = [
        pick(lang, "记录", "records"),
        words::verdict(Verdict::Conforming, lang),
        words::verdict(Verdict::Violations, lang),
        words::verdict(Verdict::Invalid, lang),
    ];
    // Per procedure.
    let mut head = vec![pick(lang, "程序", "procedure")];
    head.extend(verdicts);
    out.push_str(&format!(
        "<h3>{}</h3>\n<table class=\"by-procedure\">",
        e(pick(lang, "按程序", "By procedure"))
    ));
    out.push_str(&ths(&head, 1));
    out.push_str("<tbody>");
    for (name, t) in &s.by_procedure {
        out.push_str(&format!("<tr>{}{}</tr>", td(name), tally_cells(t)));
    }
    out.push_str(&format!(
        "<tr><th>{}</th>{}</tr></tbody></table>\n",
        e(pick(lang, "合计", "total")),
        tally_cells(&s.tally)
    ));
    // Per district.
    let mut head = vec![pick(lang, "街道", "district")];
    head.extend(verdicts);
    head.extend([
        pick(lang, "违规", "violations found"),
        pick(lang, "警告", "warnings"),
    ]);
    out.push_str(&format!(
        "<h3>{}</h3>\n<table class=\"by-district\">",
        e(pick(lang, "按街道", "By district"))
    ));
    out.push_str(&ths(&head, 1));
    out.push_str("<tbody>");
    for (i, d) in districts.iter().enumerate() {
        let (errors, warnings) = d
            .breakdown
            .by_kind
            .values()
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        out.push_str(&format!(
            "<tr><td><a href=\"#d{i}\">{}</a></td>{}{}{}</tr>",
            e(report.district_name(d)),
            tally_cells(&d.tally),
            num(errors),
            num(warnings)
        ));
    }
    out.push_str("</tbody></table>\n");
    breakdown(out, &report.breakdown(), lang, true);
    if !s.skipped.is_empty() {
        out.push_str(&format!(
            "<h3>{}</h3>\n<ul>",
            e(pick(lang, "跳过的文件", "Files skipped"))
        ));
        for (path, why) in &s.skipped {
            out.push_str(&format!(
                "<li><span class=\"loc\">{}</span>：{}</li>",
                e(path),
                e(why.get(lang))
            ));
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The findings by kind and by stage, side by side; every kind when
/// `all_kinds` (the batch summary), else those found (a district).
fn breakdown(out: &mut String, b: &Breakdown, lang: Lang, all_kinds: bool) {
    let head = [
        pick(lang, "问题类型", "kind of finding"),
        pick(lang, "违规", "violations"),
        pick(lang, "警告", "warnings"),
    ];
    out.push_str("<div class=\"pair\"><div>");
    out.push_str(&format!(
        "<h4>{}</h4><table class=\"by-kind\">",
        e(pick(lang, "按问题类型", "By kind"))
    ));
    out.push_str(&ths(&head, 1));
    out.push_str("<tbody>");
    if !all_kinds && b.by_kind.is_empty() {
        out.push_str(&format!(
            "<tr><td colspan=\"3\" class=\"none\">{}</td></tr>",
            e(pick(lang, "无", "none"))
        ));
    }
    for k in KINDS {
        if !all_kinds && !b.by_kind.contains_key(&k) {
            continue;
        }
        let (errors, warnings) = b.by_kind.get(&k).copied().unwrap_or_default();
        out.push_str(&format!(
            "<tr>{}{}{}</tr>",
            td(words::kind(k, lang)),
            num(errors),
            num(warnings)
        ));
    }
    out.push_str("</tbody></table></div><div>");
    let head = [pick(lang, "阶段", "stage"), head[1], head[2]];
    out.push_str(&format!(
        "<h4>{}</h4><table class=\"by-stage\">",
        e(pick(lang, "按阶段", "By stage"))
    ));
    out.push_str(&ths(&head, 1));
    out.push_str("<tbody>");
    if b.by_stage.is_empty() {
        out.push_str(&format!(
            "<tr><td colspan=\"3\" class=\"none\">{}</td></tr>",
            e(pick(lang, "无", "none"))
        ));
    }
    for (stage, (errors, warnings)) in &b.by_stage {
        let name = stage.as_deref().unwrap_or(words::no_stage(lang));
        out.push_str(&format!(
            "<tr>{}{}{}</tr>",
            td(name),
            num(*errors),
            num(*warnings)
        ));
    }
    out.push_str("</tbody></table></div></div>\n");
}

fn coverage_cells(c: Option<&Counts>) -> String {
    match c {
        Some(c) => [c.checked, c.not_checkable, c.manual]
            .into_iter()
            .map(num)
            .collect(),
        None => "<td class=\"n\">—</td>".repeat(3),
    }
}

fn district(out: &mut String, report: &Report, d: &District<'_>, index: usize) {
    let lang = report.lang;
    out.push_str(&format!(
        "<section class=\"district\" id=\"d{index}\">\n<h2>{}{}</h2>\n<p>{}</p>\n",
        e(pick(lang, "街道：", "District: ")),
        e(report.district_name(d)),
        e(&crate::check::render::batch_summary(&d.tally, lang))
    ));
    let head = [
        pick(lang, "社区（单位）", "community (unit)"),
        pick(lang, "记录文件", "record file"),
        pick(lang, "结论", "verdict"),
        pick(lang, "违规", "violations"),
        pick(lang, "警告", "warnings"),
        pick(lang, "已核对", "checked"),
        pick(lang, "缺数据未核对", "not checkable"),
        pick(lang, "须人工核对", "by hand"),
    ];
    out.push_str("<table class=\"records\">");
    out.push_str(&ths(&head, 3));
    out.push_str("<tbody>");
    for r in &d.records {
        let (errors, warnings) = r.errors_warnings();
        out.push_str(&format!(
            "<tr><td><a href=\"#{}\">{}</a></td><td class=\"loc\">{}</td><td>{}</td>{}{}{}</tr>",
            anchor(report, r),
            e(r.name()),
            e(&r.path),
            verdict_badge(r.verdict, lang),
            num(errors),
            num(warnings),
            coverage_cells(r.counts.as_ref())
        ));
    }
    out.push_str("</tbody></table>\n");
    breakdown(out, &d.breakdown, lang, false);
    for r in &d.records {
        record(out, report, r);
    }
    out.push_str("</section>\n");
}

/// The id of a record's section: its place in the report.
fn anchor(report: &Report, r: &RecordRow) -> String {
    let i = report
        .records
        .iter()
        .position(|x| std::ptr::eq(x, r))
        .unwrap_or(0);
    format!("r{i}")
}

fn record(out: &mut String, report: &Report, r: &RecordRow) {
    let lang = report.lang;
    let (errors, warnings) = r.errors_warnings();
    out.push_str(&format!(
        "<article class=\"record\" id=\"{}\">\n<h3>{} {}</h3>\n",
        anchor(report, r),
        e(r.name()),
        verdict_badge(r.verdict, lang)
    ));
    let mut meta = vec![e(&r.path)];
    if let Some(u) = &r.unit {
        meta.push(format!("{}{}", e(pick(lang, "单位：", "unit: ")), e(u)));
    }
    if let Some(p) = &r.procedure {
        meta.push(format!(
            "{}{}",
            e(pick(lang, "程序：", "procedure: ")),
            e(p)
        ));
    }
    meta.push(e(&match lang {
        Lang::Zh => format!("{errors} 处违规，{warnings} 个警告"),
        Lang::En => format!("{errors} violations, {warnings} warnings"),
    }));
    if let Some(c) = &r.counts {
        meta.push(e(&crate::check::coverage_text::counts_words(c, lang)));
    }
    out.push_str(&format!("<p class=\"path\">{}</p>\n", meta.join(" · ")));
    if r.findings.is_empty() {
        out.push_str(&format!(
            "<p class=\"none\">{}</p>\n",
            e(pick(lang, "未发现问题。", "No findings."))
        ));
    } else {
        findings(out, &r.findings, lang);
    }
    coverage(out, &r.coverage, lang);
    out.push_str("</article>\n");
}

fn findings(out: &mut String, list: &[FindingRow], lang: Lang) {
    let head = [
        "#",
        pick(lang, "记录位置", "in the record"),
        pick(lang, "问题", "finding"),
        pick(lang, "要求 / 记录", "required / recorded"),
        pick(lang, "规定与依据", "rule and legal basis"),
    ];
    out.push_str("<table class=\"findings\">");
    out.push_str(&ths(&head, 9));
    out.push_str("<tbody>");
    for (i, f) in list.iter().enumerate() {
        let sev = match f.severity {
            crate::diag::Severity::Error => "sev-error",
            _ => "sev-warning",
        };
        let stage = f
            .stage
            .as_deref()
            .map(|s| format!(" · {}{}", e(pick(lang, "阶段：", "stage: ")), e(s)))
            .unwrap_or_default();
        let mut wanted = String::new();
        if let Some(x) = &f.expected {
            wanted.push_str(&format!(
                "<div>{}{}</div>",
                e(pick(lang, "要求：", "required: ")),
                e(x)
            ));
        }
        if let Some(x) = &f.actual {
            wanted.push_str(&format!(
                "<div>{}{}</div>",
                e(pick(lang, "记录：", "recorded: ")),
                e(x)
            ));
        }
        let mut rule = String::new();
        if let Some(l) = &f.rule_location {
            rule.push_str(&format!("<div class=\"loc\">{}</div>", e(l)));
        }
        if let Some(b) = &f.basis {
            rule.push_str(&format!("<div class=\"basis\">{}</div>", e(b)));
        }
        out.push_str(&format!(
            "<tr><td class=\"n\">{}</td><td class=\"loc\">{}</td><td><span class=\"{sev}\">{}</span> \
             <span class=\"code\">{}</span> · {}{stage}<div>{}</div></td><td>{wanted}</td><td>{rule}</td></tr>",
            i + 1,
            e(f.record_location.as_deref().unwrap_or("—")),
            e(words::severity(f.severity, lang)),
            e(f.code),
            e(words::kind(f.kind, lang)),
            e(&f.message),
        ));
    }
    out.push_str("</tbody></table>\n");
}

fn coverage(out: &mut String, rows: &[CoverageRow], lang: Lang) {
    let item = |c: &CoverageRow| match (&c.stage, lang) {
        (Some(s), Lang::Zh) => e(&format!("【{s}】{}", c.text)),
        (Some(s), Lang::En) => e(&format!("[{s}] {}", c.text)),
        (None, _) => e(&c.text),
    };
    let missing: Vec<&CoverageRow> = rows
        .iter()
        .filter(|c| c.status == "not_checkable")
        .collect();
    if !missing.is_empty() {
        out.push_str(&format!(
            "<h4>{}</h4>\n<ul>",
            e(pick(
                lang,
                "因记录缺少数据未核对",
                "Not checked: the record lacks data"
            ))
        ));
        for c in missing {
            out.push_str(&format!(
                "<li>{}{}{}</li>",
                item(c),
                e(pick(lang, "：缺少 ", ": missing ")),
                e(c.missing.as_deref().unwrap_or(""))
            ));
        }
        out.push_str("</ul>\n");
    }
    let manual: Vec<&CoverageRow> = rows.iter().filter(|c| c.status == "manual").collect();
    if !manual.is_empty() {
        out.push_str(&format!(
            "<h4>{}</h4>\n<ul class=\"check\">",
            e(pick(
                lang,
                "须人工核对（由检查人逐项勾选）",
                "To check by hand (for the inspector to tick)"
            ))
        ));
        for c in manual {
            let basis = c
                .basis
                .as_deref()
                .map(|b| {
                    format!(
                        "<div class=\"basis\">{}{}</div>",
                        e(pick(lang, "依据：", "basis: ")),
                        e(b)
                    )
                })
                .unwrap_or_default();
            out.push_str(&format!("<li>{}{basis}</li>", item(c)));
        }
        out.push_str("</ul>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::batch::BatchSummary;
    use crate::check::Kind;
    use crate::diag::Severity;

    fn hostile_report(lang: Lang) -> Report {
        let hostile = crate::diag::sanitise::HOSTILE;
        let finding = FindingRow {
            code: "HJ304",
            kind: Kind::Deadline,
            severity: Severity::Error,
            stage: Some(hostile.to_string()),
            message: hostile.to_string(),
            expected: Some(hostile.to_string()),
            actual: Some(hostile.to_string()),
            record_location: Some(format!("{hostile}:3:1")),
            rule_location: None,
            basis: Some(hostile.to_string()),
        };
        let row = RecordRow {
            path: hostile.to_string(),
            unit: Some(hostile.to_string()),
            district: Some(hostile.to_string()),
            community: Some(hostile.to_string()),
            procedure: Some(hostile.to_string()),
            verdict: Verdict::Violations,
            findings: vec![finding],
            counts: Some(Counts::default()),
            coverage: vec![CoverageRow {
                status: "manual",
                stage: Some(hostile.to_string()),
                text: hostile.to_string(),
                missing: None,
                basis: Some(hostile.to_string()),
            }],
        };
        let mut summary = BatchSummary::default();
        summary.add(Verdict::Violations, Some(hostile));
        summary.skip(hostile, crate::diag::Text::new(hostile, hostile));
        Report {
            version: "0.1.0",
            procedure: hostile.to_string(),
            lang,
            records: vec![row],
            summary,
        }
    }

    #[test]
    fn record_text_is_escaped_everywhere() {
        for lang in [Lang::Zh, Lang::En] {
            let page = render(&hostile_report(lang));
            assert!(!page.contains("<script"), "{page}");
            assert!(!page.contains("</svg>"), "{page}");
            assert!(page.contains("&lt;script&gt;"), "{page}");
            for c in ['\u{1b}', '\u{7}', '\u{7f}', '\u{85}'] {
                assert!(!page.contains(c), "{c:?} in {page}");
            }
            // The only markup is ours: as many opening as closing rows.
            assert_eq!(page.matches("<tr>").count(), page.matches("</tr>").count());
        }
    }

    #[test]
    fn a_page_needs_nothing_from_outside() {
        let page = render(&hostile_report(Lang::Zh));
        for outside in ["<script", "src=", "http://", "https://", "@import", "url("] {
            assert!(!page.contains(outside), "{outside}");
        }
        assert!(page.contains("@page { size: A4"));
        assert!(page.starts_with("<!DOCTYPE html>"));
    }
}
