//! Which operations get a pager, on the smallest specs that show each rule, and the errors for
//! declarations that name what the operation does not have.

use generator::load::Document;
use generator::{Config, EmitOptions, Error, Generated};

fn run_with(yaml: &str, config: &Config) -> Result<Generated, Error> {
    let tree = serde_yaml::from_str(yaml).expect("test YAML");
    let doc = Document { file: "t.yaml".to_owned(), tree };
    generator::generate(vec![doc], config, EmitOptions::default())
}

fn run(yaml: &str) -> Result<Generated, Error> {
    run_with(yaml, &Config::for_crate("t"))
}

/// One `GET /list` with these query parameters answering an object with these properties.
fn list(params: &[&str], properties: &str, extra: &str) -> String {
    let params: String =
        params.iter().map(|p| format!("        - {{name: {p}, in: query, schema: {{type: string}}}}\n")).collect();
    format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /list:\n    get:\n      operationId: list\n{extra}      parameters:\n{params}      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                type: object\n                properties: {properties}\n"
    )
}

/// The paging parameter of the one operation's pager, if it has one.
fn pager_param(generated: &Generated) -> Option<String> {
    let api = &generated.files["src/api.rs"];
    let at = api.find("const PARAM: &'static str = \"")?;
    let rest = &api[at + 29..];
    Some(rest[..rest.find('"')?].to_owned())
}

const ITEMS: &str = "{type: array, items: {type: string}}";

#[test]
fn a_cursor_is_a_parameter_and_the_next_or_last_field_of_the_same_name() {
    let cases = [
        (vec!["cursor", "page_size"], format!("{{data: {ITEMS}, next_cursor: {{type: string}}}}"), Some("cursor")),
        (vec!["pageToken"], format!("{{items: {ITEMS}, nextPageToken: {{type: string}}}}"), Some("pageToken")),
        (vec!["last_doc"], format!("{{docs: {ITEMS}, next_doc: {{type: string}}}}"), Some("last_doc")),
        (vec!["start_after_id"], format!("{{rows: {ITEMS}, last_id: {{type: string}}}}"), Some("start_after_id")),
        // A page size is no cursor, a field of another name is none, a list without a
        // parameter that says where a page starts is no pager.
        (vec!["page_size"], format!("{{data: {ITEMS}, next_page_size: {{type: string}}}}"), None),
        (vec!["cursor"], format!("{{data: {ITEMS}, cursor_hint: {{type: string}}}}"), None),
        (vec!["q"], format!("{{data: {ITEMS}, next_cursor: {{type: string}}}}"), None),
        // Two lists, neither named like the items: no guess.
        (vec!["cursor"], format!("{{a: {ITEMS}, b: {ITEMS}, next_cursor: {{type: string}}}}"), None),
    ];
    for (params, properties, expected) in cases {
        let generated = run(&list(&params, &properties, "")).expect("generates");
        assert_eq!(pager_param(&generated).as_deref(), expected, "{params:?} {properties}");
    }
}

#[test]
fn offsets_page_numbers_and_the_last_items_id() {
    let generated = run(&list(&["offset", "limit"], &format!("{{results: {ITEMS}}}"), "")).expect("generates");
    assert_eq!(pager_param(&generated).as_deref(), Some("offset"));
    assert!(
        generated.files["src/api.rs"]
            .contains("crate::runtime::Next::offset(page.results.as_ref().map_or(0, Vec::len), 0)")
    );

    let generated =
        run(&list(&["page"], &format!("{{voices: {ITEMS}, has_more: {{type: boolean}}}}"), "")).expect("generates");
    assert!(generated.files["src/api.rs"].contains(".while_more(page.has_more.as_ref().copied())"));

    let items = "{type: array, items: {type: object, required: [id], properties: {id: {type: string}}}}";
    let generated = run(&list(&["starting_after"], &format!("{{data: {items}}}"), "")).expect("generates");
    assert_eq!(pager_param(&generated).as_deref(), Some("starting_after"));
    assert!(generated.files["src/api.rs"].contains(".and_then(|items| items.last()).map(|item| &item.id)"));
}

#[test]
fn a_declaration_wins_over_the_rules_and_generator_yaml_over_both() {
    let declared = "      x-pagination: {cursor: from, next_cursor: $response.more_from, results: rows}\n";
    let spec = list(
        &["from", "cursor"],
        &format!("{{rows: {ITEMS}, more_from: {{type: string}}, next_cursor: {{type: string}}}}"),
        declared,
    );
    assert_eq!(pager_param(&run(&spec).expect("generates")).as_deref(), Some("from"));

    let config =
        Config::from_yaml("generator.yaml", "crate: {name: t}\npagination:\n  GET /list: false\n").expect("config");
    assert_eq!(pager_param(&run_with(&spec, &config).expect("generates")), None);

    let config = Config::from_yaml(
        "generator.yaml",
        "crate: {name: t}\npagination:\n  GET /list: {cursor: cursor, next_cursor: next_cursor, results: rows}\n",
    )
    .expect("config");
    assert_eq!(pager_param(&run_with(&spec, &config).expect("generates")).as_deref(), Some("cursor"));
}

#[test]
fn a_declaration_that_names_what_the_operation_lacks_is_an_error_at_its_place() {
    let cases = [
        (
            "      x-fern-pagination: {cursor: $request.after, next_cursor: $response.next, results: $response.rows}\n",
            "t.yaml at #/paths/~1list/get/x-fern-pagination/cursor: the operation has no query parameter `after`",
        ),
        (
            "      x-fern-pagination: {cursor: $request.cursor, next_cursor: $response.meta.next, results: $response.rows}\n",
            "t.yaml at #/paths/~1list/get/x-fern-pagination/next_cursor: `$response.meta.next`: only a field of the response itself is supported",
        ),
        (
            "      x-pagination: {cursor: cursor, next_cursor: next, results: next}\n",
            "t.yaml at #/paths/~1list/get/x-pagination/results: `next` is not a list",
        ),
        (
            "      x-pagination: {cursor: cursor, results: rows}\n",
            "t.yaml at #/paths/~1list/get/x-pagination: a `cursor` needs the `next_cursor` field",
        ),
        (
            "      x-pagination: {rows: rows}\n",
            "t.yaml at #/paths/~1list/get/x-pagination: not a pagination declaration: unknown field `rows`",
        ),
    ];
    for (declaration, expected) in cases {
        let spec = list(&["cursor"], &format!("{{rows: {ITEMS}, next: {{type: string}}}}"), declaration);
        let error = run(&spec).expect_err("the declaration is wrong");
        assert!(error.to_string().starts_with(expected), "{error}");
    }
    let config =
        Config::from_yaml("generator.yaml", "crate: {name: t}\npagination:\n  GET /nope: false\n").expect("config");
    let error = run_with(&list(&["q"], &format!("{{rows: {ITEMS}}}"), ""), &config).expect_err("no such operation");
    assert_eq!(
        error.to_string(),
        "generator.yaml at #/pagination/GET ~1nope: `GET /nope` names no operation of the API"
    );
    let error =
        Config::from_yaml("generator.yaml", "crate: {name: t}\npagination:\n  /list: false\n").expect_err("no method");
    assert!(
        error.to_string().starts_with("generator.yaml at #/pagination/~1list: `/list` does not name an operation"),
        "{error}"
    );
}
