//! The 2020–2021 plan of 新河街道 (seed 004), encoded in
//! `procedures/plans/xinhe_2020.hj` for the renewal of both committees
//! (`procedures/two_committees.hj`, which includes the party organisation's
//! and the residents' committee's procedures): lint reports exactly the two
//! date slips of the published plan, each with both of its spans, and
//! nothing else.

use huanjie::span::SourceMap;
use std::path::Path;

fn load(map: &mut SourceMap, rel: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(!text.is_empty(), "{rel} is missing");
    map.add(rel, text);
}

#[test]
fn the_seed_plan_has_exactly_its_two_slips() {
    let mut map = SourceMap::new();
    load(&mut map, "procedures/residents_committee.hj");
    load(&mut map, "procedures/party_two_recommend.hj");
    load(&mut map, "procedures/party_branch.hj");
    load(&mut map, "procedures/two_committees.hj");
    load(&mut map, "procedures/plans/xinhe_2020.hj");
    let outcome = huanjie::lint(&map);
    let found: Vec<(&str, Vec<String>)> = outcome
        .diagnostics
        .iter()
        .map(|d| {
            let texts = d
                .labels
                .iter()
                .map(|l| {
                    let file = l.span.file().and_then(|f| map.get(f));
                    file.map(|f| f.slice(l.span).to_string())
                        .unwrap_or_default()
                })
                .collect();
            (d.code.id(), texts)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "HJ501",
                vec!["居委会 自 2021年12月29日 至 2021年2月4日".to_string()]
            ),
            (
                "HJ502",
                vec![
                    "居委会.整章建制       于 2021年2月10日".to_string(),
                    "2020年12月4日 至 2021年2月4日".to_string(),
                ]
            ),
        ]
    );
}
