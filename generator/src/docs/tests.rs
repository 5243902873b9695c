//! Unit tests of the docs phase: rustdoc-safe rendering, summaries, code spans.

use super::*;

fn check(input: &str, expected: &str) {
    let got = to_rustdoc(input);
    assert_eq!(
        got, expected,
        "\ninput:\n{input}\n---got:\n{got}\n---expected:\n{expected}\n"
    );
}

// -- normalisation ------------------------------------------------------

#[test]
fn empty_and_blank() {
    check("", "");
    check("   \n\t\n  ", "");
    assert_eq!(summary_line(""), "");
    assert_eq!(summary_line(" \n "), "");
}

#[test]
fn leading_newline_and_common_indent() {
    check(
        "\nYou can view the currently authorised admin.\n",
        "You can view the currently authorised admin.",
    );
    check(
        "  Line one\n  line two\n\n    code-ish\n",
        "Line one\nline two\n\ncode-ish",
    );
    check(
        "  Line one\n\n      code\n",
        "Line one\n\n```text\ncode\n```",
    );
}

#[test]
fn first_line_indented_differently() {
    // An over-indented first line is prose, not a code block.
    check(
        "      The `list` call.\n\n- a\n- b",
        "The `list` call.\n\n- a\n- b",
    );
    // Lines indented under a plain first line are a block of their own.
    check(
        "SLA statuses:\n            - `hit`: one.\n            - `missed`: two.",
        "SLA statuses:\n\n- `hit`: one.\n- `missed`: two.",
    );
    // ...but not under a list item, where they are nested content.
    check("- a\n    - b", "- a\n  - b");
}

#[test]
fn crlf_and_trailing_whitespace() {
    check("a  \r\nb\t\r\n\r\nc   ", "a\\\nb\n\nc");
    check("one\rtwo", "one\ntwo");
}

#[test]
fn hard_break_after_backslash_uses_br() {
    check("a\\  \nb", "a\\<br>\nb");
}

// -- code blocks --------------------------------------------------------

#[test]
fn indented_code_becomes_text_fence() {
    check(
        "Example:\n\n    let x = [1, 2];\n      nested\n\n    more\n\nAfter.",
        "Example:\n\n```text\nlet x = [1, 2];\n  nested\n\nmore\n```\n\nAfter.",
    );
}

#[test]
fn tab_indented_code() {
    check("Text\n\n\tcode <x>\n", "Text\n\n```text\ncode <x>\n```");
}

#[test]
fn indented_lines_continuing_a_paragraph_stay_text() {
    check(
        "Para\nline\n    still para [x]",
        // CommonMark drops the continuation's indentation (rustdoc shows the same text).
        "Para\nline\nstill para \\[x\\]",
    );
}

#[test]
fn fence_info_strings() {
    check("```\nfn main() {}\n```", "```text\nfn main() {}\n```");
    check("```rust\nx\n```", "```text\nx\n```");
    check("```Rust\nx\n```", "```text\nx\n```");
    check("```json\n{\"a\": [1]}\n```", "```json\n{\"a\": [1]}\n```");
    check(
        "```bash\ncurl https://x.io\n```",
        "```bash\ncurl https://x.io\n```",
    );
    check("``` curl title=\"x\"\ncurl\n```", "```curl\ncurl\n```");
    check("```ignore\nx\n```", "```text\nx\n```");
    check("```rust,ignore\nx\n```", "```text\nx\n```");
    check("```no_run\nx\n```", "```text\nx\n```");
    check("```should_panic\nx\n```", "```text\nx\n```");
    check("```should-panic\nx\n```", "```text\nx\n```");
    check("```compile_fail\nx\n```", "```text\nx\n```");
    check("```edition2021\nx\n```", "```text\nx\n```");
    check("```ignore-wasm32\nx\n```", "```text\nx\n```");
    check("```E0308\nx\n```", "```text\nx\n```");
    check("```{.json}\nx\n```", "```text\nx\n```");
    check("```custom\nx\n```", "```text\nx\n```");
    check("```rs\nx\n```", "```text\nx\n```");
    check("```text\nx\n```", "```text\nx\n```");
    check("```c++\nx\n```", "```c++\nx\n```");
}

#[test]
fn tilde_fence_and_long_fence() {
    check("~~~json\n{}\n~~~", "```json\n{}\n```");
    check("~~~\n```\nx\n```\n~~~", "````text\n```\nx\n```\n````");
    check("````\n```\n````", "````text\n```\n````");
}

#[test]
fn unclosed_fence_is_closed() {
    check(
        "Text\n\n```json\n{\"a\": 1}",
        "Text\n\n```json\n{\"a\": 1}\n```",
    );
    check("```", "```text\n```");
}

#[test]
fn fence_content_is_untouched() {
    check(
        "```\n[key] <id> https://x.io\n  indented\n```",
        "```text\n[key] <id> https://x.io\n  indented\n```",
    );
}

#[test]
fn fence_interrupts_paragraph() {
    check(
        "Headers:\n```\nLink: </a>; rel=\"x\"\n```",
        "Headers:\n\n```text\nLink: </a>; rel=\"x\"\n```",
    );
}

// -- brackets and links ------------------------------------------------

#[test]
fn stray_brackets_are_escaped() {
    check("Use [foo] here.", "Use \\[foo\\] here.");
    check("custom_attributes[key]", "custom_attributes\\[key\\]");
    check(
        "An empty array [] or [1, 2].",
        "An empty array \\[\\] or \\[1, 2\\].",
    );
    check("Values [\"a\", \"b\"]", "Values \\[\"a\", \"b\"\\]");
    check("[foo][bar]", "\\[foo\\]\\[bar\\]");
    check("ends with [", "ends with \\[");
    check("] alone", "\\] alone");
    check("note[^1]", "note\\[^1\\]");
    check("already \\[escaped\\]", "already \\[escaped\\]");
}

#[test]
fn inline_links_are_kept() {
    check(
        "See the [pagination section](https://developers.intercom.com/docs/x/#pagination) for more.",
        "See the [pagination section](https://developers.intercom.com/docs/x/#pagination) for more.",
    );
    check("[a](https://x.io \"Title\")", "[a](https://x.io \"Title\")");
    check("[a [b] c](https://x.io)", "[a \\[b\\] c](https://x.io)");
    check("[`a[0]`](https://x.io)", "[`a[0]`](https://x.io)");
    check("mail [me](mailto:a@b.io)", "mail [me](mailto:a@b.io)");
}

#[test]
fn relative_and_odd_links() {
    check(
        "See the [setup guide](/docs/guides/setup) for details.",
        "See the [setup guide](https://developers.intercom.com/docs/guides/setup) for details.",
    );
    check(
        "conform to the\n[](/docs/models/ecommerce_catalog_product) schema.",
        "conform to the\n[`ecommerce_catalog_product`](https://developers.intercom.com/docs/models/ecommerce_catalog_product) schema.",
    );
    check(
        "by [listing the ticket type](ref:get_ticket-types). For",
        "by listing the ticket type. For",
    );
    check("see [below](#section) ok", "see below ok");
    check("call custom[key](value)", "call custom\\[key\\](value)");
    // What follows is scanned in place: the code span pairs as in the output.
    check("x [i](`a<b>) [y]` z", "x \\[i\\](`a<b>) [y]` z");
    check(
        "[x]: https://x.io/a\\\n\nsee [x]",
        "see [x](https://x.io/a%5C)",
    );
    check("[a](https://x.io/`b) `c`", "[a](https://x.io/%60b) `c`");
    check(
        "| a |\n|---|\n| [x] |\n\n[x]: https://x.io/a|b \"t|u\"",
        "| a                       |\n| ----------------------- |\n| [x](https://x.io/a%7Cb) |",
    );
    check("[x]()", "x");
}

#[test]
fn reference_links_become_inline() {
    check(
        "Read [the docs][docs] or [docs] or [Docs][].\n\n[docs]: https://x.io/d \"D\"",
        "Read [the docs](https://x.io/d \"D\") or [docs](https://x.io/d \"D\") or [Docs](https://x.io/d \"D\").",
    );
    check("[bad]\n\n[bad]: nowhere", "bad");
    check("Undefined [ref][nope].", "Undefined \\[ref\\]\\[nope\\].");
}

#[test]
fn images() {
    check("![logo](https://x.io/l.png)", "![logo](https://x.io/l.png)");
    check(
        "![logo [1]](/l.png)",
        "![logo \\[1\\]](https://developers.intercom.com/l.png)",
    );
    check("![alt]", "!\\[alt\\]");
    check(
        "[![b](https://x.io/b.svg)](https://x.io)",
        "[![b](https://x.io/b.svg)](https://x.io)",
    );
}

// -- URLs -----------------------------------------------------------------

#[test]
fn bare_urls_are_wrapped() {
    check(
        "Located at https://api.intercom.io/events, or",
        "Located at <https://api.intercom.io/events>, or",
    );
    check("(see https://x.io/a_(b)).", "(see <https://x.io/a_(b)>).");
    check("(see https://x.io/a).", "(see <https://x.io/a>).");
    check("**https://x.io**", "**<https://x.io>**");
    check("HTTP://X.IO/A?b=1&c=2.", "<HTTP://X.IO/A?b=1&c=2>.");
    check(
        "at https://api.intercom.io/articles/<id>",
        "at <https://api.intercom.io/articles/>&lt;id>",
    );
    check("just https:// here", "just https:// here");
    check("xhttps://x.io", "xhttps://x.io");
}

#[test]
fn urls_in_code_links_and_autolinks_untouched() {
    check("`https://x.io/[a]`", "`https://x.io/[a]`");
    check("<https://x.io/a>", "<https://x.io/a>");
    check(
        "[https://x.io](https://x.io)",
        "[https://x.io](https://x.io)",
    );
    check("<mail@x.io>", "<mail@x.io>");
}

// -- HTML -----------------------------------------------------------------

#[test]
fn placeholders_and_lone_lt_are_escaped() {
    check(
        "GET /contacts/<contact_id>",
        "GET /contacts/&lt;contact_id>",
    );
    check("GET /contacts/<id>", "GET /contacts/&lt;id>");
    check("Use <your_token> here", "Use &lt;your_token> here");
    check("a < b > c", "a &lt; b > c");
    check("lone <", "lone &lt;");
    check("<foo>bar</foo>", "&lt;foo>bar&lt;/foo>");
}

#[test]
fn well_formed_html_is_kept() {
    check(
        "Intercom API version.</br>By default",
        "Intercom API version.<br>By default",
    );
    // rustdoc rejects a self-closing tag unless spelt in lowercase.
    check("a<br>b<br/>c<BR />d<BR>e", "a<br>b<br/>c&lt;BR />d<BR>e");
    check(
        "type <code>conversation_tags_updated</code>.",
        "type <code>conversation_tags_updated</code>.",
    );
    check(
        "<img src=\"x.png\" alt=\"x\">",
        "<img src=\"x.png\" alt=\"x\">",
    );
    check(
        "an <a href=\"https://x.io\">anchor</a>",
        "an <a href=\"https://x.io\">anchor</a>",
    );
    check("<b>bold <i>both</i></b>", "<b>bold <i>both</i></b>");
}

#[test]
fn unbalanced_html_is_escaped() {
    check("<b>open only", "&lt;b>open only");
    check("close only</b>", "close only&lt;/b>");
    check("<b><i>x</b></i>", "<b>&lt;i>x</b>&lt;/i>");
    check("<div/> and <span />", "&lt;div/> and &lt;span />");
    check(
        "<script>alert(1)</script>",
        "&lt;script>alert(1)&lt;/script>",
    );
    check(
        "<b title=\"[x]\">unclosed",
        "&lt;b title=\"\\[x\\]\">unclosed",
    );
}

#[test]
fn html_blocks() {
    check(
        "<details>\n<summary>More</summary>\n\nBody with [x].\n\n</details>",
        "<details>\n<summary>More</summary>\n\nBody with \\[x\\].\n\n</details>",
    );
    // Once the unclosed `<details>` is escaped, `<summary>` starts its own
    // (balanced) HTML block.
    check(
        "<details>\n<summary>More [x]</summary>",
        "&lt;details>\n\n<summary>More [x]</summary>",
    );
    check("<p>Unclosed\n\nnext [x]", "&lt;p>Unclosed\n\nnext \\[x\\]");
    check("<div>\n```\nx\n```", "&lt;div>\n\n```text\nx\n```");
}

#[test]
fn comments_are_dropped() {
    check("a <!-- hidden [x] --> b", "a <!-- hidden [x] --> b");
    // A comment at a line start opens an HTML block: kept before text (invisible there).
    check("<!-- hidden [x] -->b", "<!-- hidden [x] -->b");
    // Dropping a comment must not join what surrounds it.
    check("```a``<!-- -->`` b", "```a``<!-- -->`` b");
    check("h<!-- -->ttps://x.io", "h<!-- -->ttps://x.io");
    check("<!-- only -->", "");
    check("a <!-- never closed", "a &lt;!-- never closed");
    // A comment spanning lines could change what a line starts with: shown.
    check("a <!-- x\ny --> b", "a &lt;!-- x\ny --> b");
    // A comment before a block tag: the line is an HTML block.
    check(
        "Para\n<!-- c -->  <div>[x]</div>\n\nNext",
        "Para\n\n<div>[x]</div>\n\nNext",
    );
    check("<!-- c --><div>open", "<!-- c -->&lt;div>open");
    check("a <!--> b <!---> c -->", "a &lt;!--> b &lt;!---> c -->");
    check("<!-- c -->```x``` y", "<!-- c -->```x``` y");
    check(
        "a\n<!-- c -->\n    ```x\n    [y]```",
        "a\n\n````text\n```x\n[y]```\n````",
    );
    // Defensive: a fence at a paragraph line start keeps its backtick run.
    assert_eq!(guard_line_start("```x", false), "&#8203;```x");
    assert_eq!(guard_line_start("~~~x", true), "\\~~~x");
    check(
        "<!-- c --> z\n    ```x\n    [y]```",
        "<!-- c --> z\n\n````text\n```x\n[y]```\n````",
    );
    // A comment-only line ends a paragraph: `<br>` then starts an HTML block.
    check("a\n<!-- c -->\n<br>\nb [x]", "a\n\n<br>\nb [x]");
    // Lines that would start an HTML block of their own end the paragraph,
    // so a code span cannot carry them verbatim to a line start.
    check("a ``x\n<!-- c --> y`` z", "a ``x\n\n<!-- c --> y`` z");
    check("a `x\n<script> y` z", "a `x\n\n&lt;script> y` z");
    check("> quote\n<!-- c -->lazy?", "> quote\n\n<!-- c -->lazy?");
}

#[test]
fn entities_and_unicode_are_untouched() {
    check(
        "&nbsp;\n\n*External Pages* — 🚧 café &amp; ü",
        "&nbsp;\n\n*External Pages* — 🚧 café &amp; ü",
    );
}

// -- block structure --------------------------------------------------------

#[test]
fn blockquotes() {
    check(
        "Intro.\n\n> 🚧 Single Sign On\n>\n> If you call `/me` [x]\nlazy line\n\nAfter",
        "Intro.\n\n> 🚧 Single Sign On\n>\n> If you call `/me` \\[x\\]\n> lazy line\n\nAfter",
    );
    check("Text\n> quote", "Text\n\n> quote");
}

#[test]
fn headings_are_demoted() {
    check("# Title\n\nText\n\n## Sub", "### Title\n\nText\n\n#### Sub");
    check("### Three\n## Two", "#### Three\n\n### Two");
    check("#### Deep", "#### Deep");
    check("Setext\n======\n\nSub\n---", "### Setext\n\n#### Sub");
    check("# C #", "### C");
    check("# C \\#", "### C \\#");
    check("#hashtag", "#hashtag");
}

#[test]
fn lists() {
    check(
        "Modes:\n- `everyone`: all\n- `specific_teams`: see [x]\n  continued\n\nDone.",
        "Modes:\n\n- `everyone`: all\n- `specific_teams`: see \\[x\\]\n  continued\n\nDone.",
    );
    check(
        "1. POST the first part. The response\n   returns an id.\n2. POST each part.\n\n3. Finalize.",
        "1. POST the first part. The response\n   returns an id.\n\n2. POST each part.\n\n3. Finalize.",
    );
    check("- a\n  - b\n    - c\n- d", "- a\n  - b\n    - c\n- d");
    check("3) three\n4) four", "3) three\n4) four");
    check("- item\n\n      code", "- item\n\n  ```text\n  code\n  ```");
    check("- [ ] todo\n- [x] done", "- \\[ \\] todo\n- \\[x\\] done");
    check("-\n- b", "-\n- b");
    check("Para\n2. not a list", "Para\n2\\. not a list");
}

#[test]
fn thematic_breaks() {
    check("a\n\n---\n\nb", "a\n\n***\n\nb");
    check("* * *", "***");
}

#[test]
fn tables() {
    check(
        "Fields:\n| Field | Type | Description |\n|---|:--:|---|\n| `id` | string | See [x] and `a|b` |\n| `url` | string | https://x.io. |",
        // GFM splits cells at `|` even inside code spans, and ignores
        // cells beyond the header's.
        "Fields:\n\n| Field | Type   | Description      |\n| ----- | :----: | ---------------- |\n| `id`  | string | See \\[x\\] and `a |\n| `url` | string | <https://x.io>.  |",
    );
}

#[test]
fn escaped_newline_outside_code_is_a_line_break() {
    // As in `assign_conversation_request.assignee_id` (a YAML plain scalar).
    check(
        "Both an admin and a team.\\nSet `0` to unassign.",
        "Both an admin and a team.\nSet `0` to unassign.",
    );
    // At a line start the break is guarded like any continuation line.
    check("Steps:\\n1. one", "Steps:\n1\\. one");
    // Code keeps it; `\\n` is an escaped backslash and an `n`; cells get a space.
    check("`a\\nb` and \\\\n", "`a\\nb` and \\\\n");
    check("```\na\\nb\n```", "```text\na\\nb\n```");
    check("| a |\n| - |\n| x\\ny |", "| a   |\n| --- |\n| x y |");
    assert_eq!(summary_line("One.\\nTwo."), "One.");
    assert_eq!(summary_line("One\\ntwo."), "One two.");
}

#[test]
fn table_with_escaped_pipe() {
    check(
        "| a | b |\n| - | - |\n| x \\| y | z |",
        "| a      | b   |\n| ------ | --- |\n| x \\| y | z   |",
    );
}

#[test]
fn admonitions() {
    check(
        "Intro.\n{% admonition type=\"warning\" name=\"Hard limit\" %}\n  The maximum is 500 [parts].\n{% /admonition %}\n\nAfter.",
        "Intro.\n\n<div class=\"warning\">\n\n**Hard limit**\n\nThe maximum is 500 \\[parts\\].\n\n</div>\n\nAfter.",
    );
    check(
        "{% admonition type=\"info\" name=\"Merged contacts\" %}\n  Body.\n\n  ```\n  Link: </c/{id}>\n  ```\n{% /admonition %}",
        "> **Merged contacts**\n>\n> Body.\n>\n> ```text\n> Link: </c/{id}>\n> ```",
    );
    check(
        "{% admonition type=\"info\" %}\nPlain.\n{% /admonition %}",
        "> Plain.",
    );
    check(
        "{% admonition type=\"danger\" %}\nNo end",
        "<div class=\"warning\">\n\nNo end\n\n</div>",
    );
    check("stray\n{% /admonition %}\nend", "stray\n\nend");
}

#[test]
fn admonition_scopes_html() {
    // A tag opened inside and closed outside is escaped on both sides.
    check(
        "{% admonition type=\"warning\" %}\n<b>in\n{% /admonition %}\nout</b>",
        "<div class=\"warning\">\n\n&lt;b>in\n\n</div>\n\nout&lt;/b>",
    );
}

#[test]
fn line_starts_that_would_start_blocks_are_escaped() {
    check(
        "a <!-- x -->\n# not heading",
        "a <!-- x -->\n\n### not heading",
    );
    check(
        "Para\n<!-- c -->- not a list",
        "Para\n\n<!-- c -->- not a list",
    );
    check("Para\n| a |\n|---|\n", "Para\n\n| a   |\n| --- |");
    check("Para\n<!---->|---|", "Para\n\n<!---->|---|");
    // Not a table (cell counts differ): the delimiter-like line is escaped.
    check("a | b\n--|--|--", "a | b\n\\--|--|--");
    check("a | b\n|--|--|--|", "a | b\n\\|--|--|--|");
}

#[test]
fn code_spans_untouched() {
    check(
        "Use `<attribute key=\"a\"/>` and `[x]` and `https://x.io` here.",
        "Use `<attribute key=\"a\"/>` and `[x]` and `https://x.io` here.",
    );
    check("``a ` b`` and `` ` ``", "``a ` b`` and `` ` ``");
    check("unbalanced ` backtick [x]", "unbalanced ` backtick \\[x\\]");
}

#[test]
fn deep_nesting_is_bounded() {
    let deep = format!("{} x [y]", ">".repeat(200));
    let out = to_rustdoc(&deep);
    let expected = format!(
        "{}\\{} x \\[y\\]",
        "> ".repeat(MAX_DEPTH),
        ">".repeat(200 - MAX_DEPTH)
    );
    assert_eq!(out, expected);
    let lists = "- ".repeat(100) + "x";
    assert!(
        to_rustdoc(&lists).contains("\\- - -"),
        "deep lists degrade to text"
    );
}

// -- summary_line -----------------------------------------------------

#[test]
fn summary_first_sentence() {
    assert_eq!(
        summary_line("You can fetch a list of all contacts. Contacts are sorted."),
        "You can fetch a list of all contacts."
    );
    assert_eq!(
        summary_line(
            "\nYou can view the currently authorised admin along with the embedded app object (a \"workspace\" in legacy terminology).\n\n> 🚧 Single Sign On"
        ),
        "You can view the currently authorised admin along with the embedded app object (a \"workspace\" in legacy terminology)."
    );
    assert_eq!(summary_line("List all admins"), "List all admins");
    assert_eq!(
        summary_line("Use e.g. Foo here. Then"),
        "Use e.g. Foo here."
    );
    assert_eq!(
        summary_line("Version 2.5 is the default. Next"),
        "Version 2.5 is the default."
    );
    assert_eq!(
        summary_line("Upload a catalog. The catalog must be a JSON\narray"),
        "Upload a catalog."
    );
    assert_eq!(
        summary_line("The catalog must be a JSON\narray of objects"),
        "The catalog must be a JSON array of objects"
    );
}

#[test]
fn summary_strips_markup() {
    assert_eq!(
        summary_line(
            "**Bold** and *it* and [a link](https://x.io) and <b>tag</b>&nbsp;&amp; `code_span`."
        ),
        "Bold and it and a link and tag & `code_span`."
    );
    assert_eq!(
        summary_line("snake_case_name stays; 2 * 3 stays"),
        "snake_case_name stays; 2 * 3 stays"
    );
    assert_eq!(
        summary_line("Returns the following:"),
        "Returns the following"
    );
    assert_eq!(summary_line("Ends twice.."), "Ends twice.");
    assert_eq!(summary_line("Wait..."), "Wait...");
    assert_eq!(summary_line("Field `tag.list`. More"), "Field `tag.list`.");
    assert_eq!(summary_line("## Heading\n\nText"), "Heading");
    assert_eq!(
        summary_line("For part type <code>call_summary</code>. More"),
        "For part type `call_summary`."
    );
}

#[test]
fn summary_skips_admonitions_and_empty_paragraphs() {
    assert_eq!(
        summary_line(
            "{% admonition type=\"warning\" %}\nBeta.\n{% /admonition %}\n\n&nbsp;\n\nThe real text."
        ),
        "The real text."
    );
    assert_eq!(
        summary_line("{% admonition type=\"warning\" %}\nBeta.\n{% /admonition %}"),
        "Beta."
    );
    assert_eq!(summary_line("```\ncode only\n```"), "code only");
    assert_eq!(summary_line("<!-- -->"), "<!-- -->");
    assert_eq!(summary_line("***"), "***");
    assert_eq!(summary_line("[]"), "[]");
}

// -- code_span -----------------------------------------------------------

#[test]
fn code_spans() {
    assert_eq!(code_span("tag.list"), "`tag.list`");
    assert_eq!(code_span("a`b"), "``a`b``");
    assert_eq!(code_span("`a"), "`` `a ``");
    assert_eq!(code_span("a``"), "``` a`` ```");
    assert_eq!(code_span(" padded "), "`  padded  `");
    assert_eq!(code_span("  "), "`  `");
    assert_eq!(code_span(""), "`\"\"`");
    assert_eq!(code_span("two\nlines"), "`two lines`");
    assert_eq!(code_span("[x] <y>"), "`[x] <y>`");
    // A code span never opens a fence, even at the start of a line.
    assert_eq!(to_rustdoc(&code_span("``x")), code_span("``x"));
}

// -- robustness -----------------------------------------------------------

fn assert_well_formed(input: &str) {
    let out = to_rustdoc(input);
    assert!(!out.contains('\r'), "{input:?}");
    assert!(
        !out.starts_with('\n') && !out.ends_with('\n'),
        "{input:?} -> {out:?}"
    );
    for line in out.lines() {
        assert_eq!(line, line.trim_end(), "trailing whitespace for {input:?}");
    }
    let summary = summary_line(input);
    assert!(!summary.contains('\n'), "{input:?}");
    if !input.trim().is_empty() {
        assert!(!summary.is_empty(), "empty summary for {input:?}");
    }
    let _ = code_span(input);
}

#[test]
fn nasty_inputs_do_not_panic() {
    let nasty = [
        "",
        " ",
        "\n\n\n",
        "\t",
        "`",
        "``",
        "```",
        "`````\n``",
        "~~~",
        "<",
        "<<<",
        "</",
        "<a",
        "<a href=\"",
        "<a href='x'",
        "<!--",
        "<!-->",
        "<!---->",
        "<https://",
        "<a@",
        "[",
        "]",
        "[[[[",
        "]]]]",
        "[a](",
        "[a](<",
        "[a](<b",
        "[a](b \"c",
        "[a][",
        "![",
        "!",
        "\\",
        "\\\\",
        "a\\",
        "&",
        "&#;",
        "&#xFFFFFFFF;",
        "&#0;",
        "*",
        "_",
        "~",
        "#",
        "######## x",
        ">",
        "> > >",
        "-",
        "1.",
        "1234567890. x",
        "|",
        "|-|",
        "| a |\n|",
        "{%",
        "{% admonition",
        "{% admonition %}",
        "{% /admonition %}",
        "{% admonition type= %}",
        "{% admonition name=\" %}",
        "http://",
        "https://)",
        "https://é.com/ü",
        "é\u{300}<é>[é]",
        "\u{feff}x",
        "\0",
        "a\u{2028}b",
        "    ",
        "    x",
        "\n    x\n",
        "- a\n\n\n- b",
        "> ```\nx",
        "- ```\n  x\n- y",
        "<div>\n<div>\n</div>",
        "</div>\n\n<div>",
        "<details><summary>x</summary>",
        "text\n===\n---",
        "  \n  \n- \n  \n",
    ];
    for s in nasty {
        assert_well_formed(s);
    }
}

#[test]
fn pseudo_random_inputs_do_not_panic() {
    let pieces = [
        "a",
        "é",
        "🚧",
        " ",
        "  ",
        "\n",
        "\n\n",
        "\t",
        "`",
        "```",
        "~~~",
        "<",
        ">",
        "</",
        "<b>",
        "</b>",
        "<br>",
        "<div>",
        "</div>",
        "<id>",
        "[",
        "]",
        "(",
        ")",
        "[x](",
        "https://x.io",
        "/docs",
        "\\",
        "&",
        "&nbsp;",
        "*",
        "_",
        "#",
        "- ",
        "1. ",
        "> ",
        "|",
        "---",
        "    ",
        "{% admonition type=\"warning\" %}",
        "{% /admonition %}",
        "<!--",
        "-->",
        "[l]: /u",
        "\"",
        "'",
        ":",
        "!",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut s = String::new();
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let len = (state % 40) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push_str(pieces[(state % pieces.len() as u64) as usize]);
        }
        assert_well_formed(&s);
    }
}

#[test]
fn pathological_nesting_and_size_terminate() {
    let images = "![".repeat(2000) + "x" + &"](u)".repeat(2000);
    assert_well_formed(&images);
    let brackets = "[".repeat(3000) + "]";
    assert_well_formed(&brackets);
    let ticks = "` ``".repeat(3000);
    assert_well_formed(&ticks);
    let tags = "<b>".repeat(3000) + &"</b>".repeat(3000);
    assert_eq!(to_rustdoc(&tags), tags);
    let blocks = "<div>\n".repeat(300);
    assert_well_formed(&blocks);
    let quotes = "> ".repeat(5000);
    assert_well_formed(&quotes);
}

#[test]
fn output_is_deterministic_and_stable() {
    let input =
        "Intro [x] https://x.io\n\n<details>\n<summary>S</summary>\n\n</details>\n\n```\ncode\n```";
    let once = to_rustdoc(input);
    assert_eq!(once, to_rustdoc(input));
    assert_eq!(to_rustdoc(&once), once);
}

#[test]
fn links_are_pulldown_cmarks() {
    // The `[]` after an inline link is text; a collapsed reference's is the link's.
    check("[a](https://x.io)[]", "[a](https://x.io)\\[\\]");
    check("[a][]\n\n[a]: https://x.io", "[a](https://x.io)");
    // Across lines, in a cell, around an image, not in code.
    check(
        "See [the\ndocs](https://x.io) now",
        "See [the\ndocs](https://x.io) now",
    );
    check(
        "| a |\n| - |\n| [x](https://x.io) [y] |",
        "| a                       |\n| ----------------------- |\n| [x](https://x.io) \\[y\\] |",
    );
    check(
        "[![i](https://x.io/i.png)](https://x.io)",
        "[![i](https://x.io/i.png)](https://x.io)",
    );
    check("`[x](y)` [z]", "`[x](y)` \\[z\\]");
    // Titles come out double-quoted, whatever their delimiters.
    check(
        "[a](https://x.io 'T \"q\"')",
        "[a](https://x.io \"T \\\"q\\\"\")",
    );
    assert_eq!(
        summary_line("Read [the docs][d].\n\n[d]: /x"),
        "Read the docs."
    );
}

#[test]
fn spans_across_quoted_lines_lose_the_markers() {
    // A code span or tag spanning lines carries no `>` of the quote into the text.
    check("> a `b\n> c` d", "> a `b\n> c` d");
    // (Blanked, not removed: 4 spaces or more keep the line a continuation.)
    check(
        "> > a <b\n> > title=\"x\">y</b>",
        "> > a <b\n> >     title=\"x\">y</b>",
    );
}
