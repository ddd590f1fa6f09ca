//! The HTML report in a real headless browser (Debian's chromium): every
//! finding of the CSV report has its highlight at the right text in the
//! right document, and the filters hide and show findings.
//!
//! The test appends a checking script to a copy of the report, lets
//! chromium run it (`--dump-dom`), and reads the verdict the script wrote
//! into the page. `.ci/run` installs chromium when it is missing.

mod util;

use std::fs;
use std::path::Path;
use std::process::Command;

use util::*;

const ARGS: &[&str] = &[
    "check",
    "fixtures",
    "fixtures/corpus.jsonl",
    "--fail-on",
    "never",
];

fn chromium() -> &'static str {
    for c in [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ] {
        if Path::new(c).exists() {
            return c;
        }
    }
    panic!("no chromium: install it with `apt-get install chromium` (bash .ci/run does)");
}

fn run_chromium(args: &[&str], profile: &Path) -> std::process::Output {
    Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}

const CHECKER: &str = r#"
<script>
(function () {
  var expected = __EXPECTED__;
  var problems = [];
  document.getElementById('open-all').click();
  var marks = Array.prototype.slice.call(document.querySelectorAll('mark[data-f]'));
  expected.forEach(function (f, i) {
    var pieces = marks.filter(function (m) { return m.dataset.f.split(' ').indexOf(String(i)) >= 0; });
    var text = pieces.map(function (m) { return m.textContent; }).join('');
    if (text !== f.text) problems.push('finding ' + i + ' (' + f.rule + '): highlight ' + JSON.stringify(text) + ' != ' + JSON.stringify(f.text));
    pieces.forEach(function (m) {
      var d = m.closest('details.doc');
      if (!d || d.dataset.doc !== f.doc) problems.push('finding ' + i + ' highlighted in the wrong document');
    });
    if (!document.getElementById('f-' + i)) problems.push('finding ' + i + ' has no anchor');
  });
  function setFilter(name, value, on) {
    var box = document.querySelector('#filters input[name=' + name + '][value=' + value + ']');
    box.checked = on;
    box.dispatchEvent(new Event('change', { bubbles: true }));
  }
  function hiddenCounts(attr, value) {
    var off = 0, on = 0;
    marks.forEach(function (m) {
      var only = m.dataset[attr].split(' ').every(function (v) { return v === value; });
      if (only) { if (m.classList.contains('off')) off++; else on++; }
    });
    var items = document.querySelectorAll('li.item[data-' + (attr === 'checks' ? 'check' : 'severity') + '=' + value + ']');
    var itemsShown = Array.prototype.filter.call(items, function (l) { return getComputedStyle(l).display !== 'none'; }).length;
    return { off: off, on: on, items: items.length, itemsShown: itemsShown };
  }
  var filterResults = {};
  [['check', 'checks', 'typography'], ['check', 'checks', 'duplicate'], ['severity', 'severities', 'info']].forEach(function (t) {
    setFilter(t[0], t[2], false);
    var hidden = hiddenCounts(t[1], t[2]);
    setFilter(t[0], t[2], true);
    var shown = hiddenCounts(t[1], t[2]);
    filterResults[t[2]] = { hidden: hidden, shown: shown };
    if (hidden.on !== 0 || hidden.itemsShown !== 0) problems.push('filter ' + t[2] + ' off left findings visible: ' + JSON.stringify(hidden));
    if (shown.off !== 0 || shown.itemsShown !== shown.items) problems.push('filter ' + t[2] + ' on left findings hidden: ' + JSON.stringify(shown));
    if (hidden.items === 0) problems.push('no finding of ' + t[2] + ' to filter');
  });
  var pre = document.createElement('pre');
  pre.id = 'verdict';
  pre.textContent = JSON.stringify({ findings: expected.length, marks: marks.length, problems: problems, filters: filterResults });
  document.body.appendChild(pre);
})();
</script>
"#;

#[test]
fn every_finding_is_highlighted_at_its_text_and_filters_work() {
    let dir = tempfile::tempdir().unwrap();
    let html_path = dir.path().join("report.html");
    let mut args = ARGS.to_vec();
    args.extend(["--format", "html", "-o", html_path.to_str().unwrap()]);
    let o = transaudit(&args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = parse_csv(&stdout(&transaudit(ARGS)));
    assert!(rows.len() > 10);
    let expected: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| serde_json::json!({"doc": r["doc"], "rule": r["rule"], "text": r["text"]}))
        .collect();
    let html = fs::read_to_string(&html_path).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "external reference in the report"
    );
    let checker = CHECKER.replace("__EXPECTED__", &serde_json::to_string(&expected).unwrap());
    let test_page = dir.path().join("test.html");
    fs::write(
        &test_page,
        html.replace("</body>", &format!("{checker}</body>")),
    )
    .unwrap();

    let out = run_chromium(
        &["--dump-dom", &format!("file://{}", test_page.display())],
        &dir.path().join("profile"),
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let verdict = dom
        .split("<pre id=\"verdict\">")
        .nth(1)
        .and_then(|s| s.split("</pre>").next())
        .unwrap_or_else(|| {
            panic!(
                "the checking script did not run; chromium said: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let verdict = verdict
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    let v: serde_json::Value = serde_json::from_str(&verdict).expect("verdict is JSON");
    assert_eq!(v["findings"].as_u64(), Some(rows.len() as u64));
    assert_eq!(v["problems"], serde_json::json!([]), "{verdict}");
}
