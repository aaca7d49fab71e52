//! The resolver's rules, each on a few files in a temporary folder.

use std::path::Path;

use serde_json::{Value, json};

use super::{Bundled, bundle};
use crate::error::Error;
use crate::load::{Document, Loaded, load_file};

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

/// Writes `files` (`(relative path, text)`; the first is the root) and bundles the root.
fn run(files: &[(&str, &str)]) -> (Result<(Value, Bundled), Error>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let root = dir.path().join(files[0].0);
    let result = bundle_file(&root, files[0].0);
    (result, dir)
}

fn bundle_file(path: &Path, shown: &str) -> Result<(Value, Bundled), Error> {
    let Loaded::Document(mut doc) = load_file(path)? else { panic!("not a document") };
    doc.file = shown.to_owned();
    let bundled = bundle(&mut doc, Some(path))?;
    Ok((doc.tree, bundled))
}

fn ok(files: &[(&str, &str)]) -> (Value, Bundled) {
    run(files).0.unwrap_or_else(|e| panic!("bundles: {e}"))
}

fn err(files: &[(&str, &str)]) -> Error {
    match run(files).0 {
        Ok((tree, _)) => panic!("expected an error, got {tree:#}"),
        Err(e) => e,
    }
}

fn root(body: &str) -> String {
    format!("{HEAD}{body}")
}

#[test]
fn references_resolve_relative_to_the_file_they_are_in() {
    let (tree, bundled) = ok(&[
        ("api/root.yaml", &root("paths:\n  /a: {$ref: 'paths/../paths/./a.yaml'}\n")),
        (
            "api/paths/a.yaml",
            "get:\n  parameters: [{$ref: '../params/p.yaml#/limit'}]\n  responses: {'200': {$ref: 'r.yaml'}}\n",
        ),
        (
            "api/paths/r.yaml",
            "description: ok\nheaders: {X-Rate: {$ref: '#/rate'}}\nrate: {description: local to r.yaml}\n",
        ),
        ("api/params/p.yaml", "limit: {name: limit, in: query, schema: {type: integer}}\n"),
    ]);
    let op = &tree["paths"]["/a"]["get"];
    assert_eq!(op["parameters"][0], json!({"name": "limit", "in": "query", "schema": {"type": "integer"}}));
    assert_eq!(op["responses"]["200"]["headers"]["X-Rate"], json!({"description": "local to r.yaml"}));
    assert_eq!(bundled.files, 3, "each file read once");
}

#[test]
fn schemas_are_hoisted_under_the_name_of_their_target() {
    let (tree, bundled) = ok(&[
        (
            "root.yaml",
            &root(
                "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: 'schemas/pet.yaml'}\n\
                 components:\n  schemas:\n    Local: {type: string}\n    Named: {$ref: 'schemas/lib.yaml#/Thing'}\n",
            ),
        ),
        (
            "schemas/pet.yaml",
            "type: object\nproperties:\n  a: {$ref: 'lib.yaml#/Other'}\n  b: {$ref: 'lib.yaml#/Thing'}\n  c: {$ref: 'Local.yaml'}\n  d: {$ref: '../root.yaml#/components/schemas/Local'}\n  e: {$ref: '#/$defs/Inner'}\n$defs:\n  Inner: {type: boolean}\n",
        ),
        ("schemas/lib.yaml", "Thing: {type: integer}\nOther: {type: number}\n"),
        ("schemas/Local.yaml", "type: string\nformat: date\n"),
    ]);
    let schemas = &tree["components"]["schemas"];
    let names: Vec<&String> = schemas.as_object().map(|m| m.keys().collect()).unwrap_or_default();
    // The root's own first (Named brings its target's content), then hoisted ones as met;
    // `Local.yaml` wants the root's name `Local`, so it gets a suffix.
    assert_eq!(names, ["Local", "Named", "pet", "Other", "Local_2", "Inner"]);
    assert_eq!(schemas["Named"], json!({"type": "integer"}));
    let props = &schemas["pet"]["properties"];
    assert_eq!(props["a"], json!({"$ref": "#/components/schemas/Other"}));
    assert_eq!(props["b"], json!({"$ref": "#/components/schemas/Named"}), "the target took the root's name");
    assert_eq!(props["c"], json!({"$ref": "#/components/schemas/Local_2"}));
    assert_eq!(props["d"], json!({"$ref": "#/components/schemas/Local"}));
    assert_eq!(props["e"], json!({"$ref": "#/components/schemas/Inner"}), "a local ref in pet.yaml means pet.yaml");
    assert_eq!(
        tree.pointer("/paths/~1a/get/responses/200/content/application~1json/schema"),
        Some(&json!({"$ref": "#/components/schemas/pet"}))
    );
    assert_eq!(bundled.hoisted, 4);
    assert_eq!(bundled.files, 3, "lib.yaml, named three times, is read once");
}

#[test]
fn schemas_that_refer_to_each_other_across_files_and_chains_of_files() {
    let (tree, _) = ok(&[
        ("root.yaml", &root("paths: {}\ncomponents:\n  schemas:\n    $ref: 'schemas/index.yaml'\n")),
        ("schemas/index.yaml", "A: {$ref: './a.yaml'}\nAlias: {$ref: './a.yaml'}\n"),
        ("schemas/a.yaml", "type: object\nproperties:\n  b: {$ref: 'b.yaml'}\n  c: {$ref: 'c1.yaml'}\n"),
        ("schemas/b.yaml", "type: object\nproperties:\n  a: {$ref: 'a.yaml'}\n"),
        ("schemas/c1.yaml", "$ref: 'c2.yaml#/C'\n"),
        ("schemas/c2.yaml", "C: {type: string}\n"),
    ]);
    let schemas = &tree["components"]["schemas"];
    assert_eq!(schemas["A"]["properties"]["b"], json!({"$ref": "#/components/schemas/b"}));
    assert_eq!(schemas["b"]["properties"]["a"], json!({"$ref": "#/components/schemas/A"}));
    assert_eq!(schemas["Alias"], json!({"$ref": "#/components/schemas/A"}), "one target, one schema");
    assert_eq!(schemas["A"]["properties"]["c"], json!({"$ref": "#/components/schemas/c1"}));
    assert_eq!(schemas["c1"], json!({"$ref": "#/components/schemas/C"}));
    assert_eq!(schemas["C"], json!({"type": "string"}));
}

#[test]
fn discriminator_mappings_and_siblings_and_data_in_files() {
    let (tree, _) = ok(&[
        (
            "root.yaml",
            &root(
                "paths: {}\ncomponents:\n  schemas:\n    U:\n      oneOf: [{$ref: 'dog.yaml'}]\n      discriminator: {propertyName: kind, mapping: {dog: 'dog.yaml', cat: Cat}}\n\
                 \x20 parameters:\n    P:\n      $ref: 'p.yaml'\n      description: overridden\n",
            ),
        ),
        (
            "dog.yaml",
            "type: object\nexample: {$ref: 'example.yaml'}\ndefault: {$ref: '#/kept/as/data'}\n\
             x-owner: {$ref: 'nowhere.yaml'}\nenum: [{value: a, $ref: 'https://example.com/scim/v2/Users/a'}]\n",
        ),
        ("example.yaml", "name: Rex\n"),
        ("p.yaml", "name: p\nin: query\ndescription: original\n"),
    ]);
    let u = &tree["components"]["schemas"]["U"];
    assert_eq!(u["discriminator"]["mapping"], json!({"dog": "#/components/schemas/dog", "cat": "Cat"}));
    // In data (examples, defaults, enum values, vendor extensions) only a file that is there
    // is taken for the data; a local pointer, a missing file, a URL stay as written.
    let dog = &tree["components"]["schemas"]["dog"];
    assert_eq!(dog["example"], json!({"name": "Rex"}));
    assert_eq!(dog["x-owner"], json!({"$ref": "nowhere.yaml"}));
    assert_eq!(dog["enum"], json!([{"value": "a", "$ref": "https://example.com/scim/v2/Users/a"}]));
    assert_eq!(tree["components"]["schemas"]["dog"]["default"], json!({"$ref": "#/kept/as/data"}));
    assert_eq!(tree["components"]["parameters"]["P"], json!({"name": "p", "in": "query", "description": "overridden"}));
}

#[test]
fn local_refs_in_the_root_stay_except_path_items() {
    let (tree, bundled) = ok(&[(
        "root.yaml",
        &root(
            "paths:\n  /a: {$ref: '#/components/pathItems/A'}\ncomponents:\n  pathItems:\n    A:\n      get:\n        parameters: [{$ref: '#/components/parameters/P'}]\n        responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/S'}}}}}\n\
             \x20 parameters:\n    P: {name: p, in: query}\n  schemas:\n    S: {type: string}\n",
        ),
    )]);
    let op = &tree["paths"]["/a"]["get"];
    assert_eq!(op["parameters"][0], json!({"$ref": "#/components/parameters/P"}));
    assert_eq!(
        op.pointer("/responses/200/content/application~1json/schema"),
        Some(&json!({"$ref": "#/components/schemas/S"}))
    );
    assert_eq!((bundled.files, bundled.hoisted), (0, 0));
    // The path item came from `#/components/pathItems/A`.
    assert_eq!(
        bundled.sources.locate("#/paths/~1a/get").map(|(f, p)| (f.to_owned(), p)),
        Some(("root.yaml".to_owned(), "#/components/pathItems/A/get".to_owned()))
    );
}

#[test]
fn missing_files_and_places_name_the_referencing_file_and_pointer() {
    let e = err(&[
        ("root.yaml", &root("paths:\n  /a: {$ref: 'paths/a.yaml'}\n")),
        ("paths/a.yaml", "get: {$ref: '../nope.yaml'}\n"),
    ]);
    assert_eq!(e.file, "paths/a.yaml");
    assert_eq!(e.pointer, "#/get/$ref");
    assert!(e.message.contains("`nope.yaml`") && e.message.contains("cannot be read"), "{e}");

    let e = err(&[
        ("root.yaml", &root("paths: {}\ncomponents:\n  schemas:\n    A: {properties: {b: {$ref: 'lib.yaml#/B'}}}\n")),
        ("lib.yaml", "C: {}\n"),
    ]);
    assert_eq!((e.file.as_str(), e.pointer.as_str()), ("root.yaml", "#/components/schemas/A/properties/b/$ref"));
    assert!(e.message.contains("`lib.yaml` has no `#/B`"), "{e}");

    let e = err(&[("root.yaml", &root("paths:\n  /a: {$ref: 'https://example.com/a.yaml'}\n"))]);
    assert!(e.message.contains("remote"), "{e}");
    let e = err(&[("root.yaml", &root("paths:\n  /a: {$ref: 'a.yaml#anchor'}\n")), ("a.yaml", "{}\n")]);
    assert!(e.message.contains("not a JSON pointer"), "{e}");
    let e = err(&[("root.yaml", &root("paths:\n  /a: {$ref: 'a.yaml'}\n")), ("a.yaml", "get: [unclosed\n")]);
    assert_eq!(e.file, "a.yaml", "a broken file is reported as itself: {e}");
}

#[test]
fn a_cycle_among_objects_other_than_schemas_is_an_error_naming_each_step() {
    let e = err(&[
        ("root.yaml", &root("paths:\n  /a: {$ref: 'a.yaml'}\n")),
        ("a.yaml", "get:\n  responses: {'200': {$ref: 'b.yaml#/r'}}\n"),
        ("b.yaml", "r:\n  description: x\n  headers: {H: {$ref: 'a.yaml'}}\n"),
    ]);
    assert_eq!(e.file, "b.yaml");
    assert_eq!(e.pointer, "#/r/headers/H/$ref");
    assert!(e.message.contains("a.yaml# → b.yaml#/r → a.yaml#"), "{e}");
}

#[test]
fn a_document_in_memory_may_not_name_files_but_is_bundled_otherwise() {
    let tree = serde_yaml::from_str(&root(
        "paths:\n  /a: {$ref: '#/components/pathItems/A'}\ncomponents:\n  pathItems:\n    A: {get: {responses: {}}}\n",
    ));
    let mut doc = Document { file: "mem.yaml".to_owned(), tree: tree.unwrap_or_else(|e| panic!("{e}")) };
    bundle(&mut doc, None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.tree["paths"]["/a"], json!({"get": {"responses": {}}}));

    let tree = serde_yaml::from_str(&root("paths:\n  /a: {$ref: 'a.yaml'}\n"));
    let mut doc = Document { file: "mem.yaml".to_owned(), tree: tree.unwrap_or_else(|e| panic!("{e}")) };
    let e = bundle(&mut doc, None).unwrap_err();
    assert_eq!((e.file.as_str(), e.pointer.as_str()), ("mem.yaml", "#/paths/~1a/$ref"));
    assert!(e.message.contains("not read from a file"), "{e}");
}

#[test]
fn the_output_is_the_same_on_every_run() {
    let files: &[(&str, &str)] = &[
        ("root.yaml", &root("paths:\n  /a: {$ref: 'a.yaml'}\n  /b: {$ref: 'b.yaml'}\n")),
        (
            "a.yaml",
            "get: {responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 's/x.yaml#/X'}}}}}}\n",
        ),
        (
            "b.yaml",
            "get: {responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 't/x.yaml#/X'}}}}}}\n",
        ),
        ("s/x.yaml", "X: {type: string}\n"),
        ("t/x.yaml", "X: {type: integer}\n"),
    ];
    let (first, _) = ok(files);
    assert_eq!(first["components"]["schemas"], json!({"X": {"type": "string"}, "X_2": {"type": "integer"}}));
    for _ in 0..3 {
        assert_eq!(serde_json::to_string(&ok(files).0).ok(), serde_json::to_string(&first).ok());
    }
}

#[test]
fn a_very_long_chain_of_files_is_an_error_not_a_stack_overflow() {
    // Schemas nested through 100 files, each a property holding the next: far too deep.
    let mut files =
        vec![("root.yaml".to_owned(), root("paths: {}\ncomponents:\n  schemas:\n    A: {$ref: 's0.yaml'}\n"))];
    for i in 0..100 {
        files.push((
            format!("s{i}.yaml"),
            format!("type: object\nproperties:\n  next:\n    allOf: [{{$ref: 's{}.yaml'}}]\n", i + 1),
        ));
    }
    files.push(("s100.yaml".to_owned(), "type: string\n".to_owned()));
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let e = err(&files);
    assert!(e.message.contains("more than 300 levels"), "{e}");
    // The same through 50 files is fine.
    let mut short = files[..51].to_vec();
    short.push(("s50.yaml", "type: string\n"));
    let (tree, bundled) = ok(&short);
    assert_eq!(bundled.hoisted, 50);
    assert_eq!(
        tree["components"]["schemas"]["s49"]["properties"]["next"]["allOf"][0],
        json!({"$ref": "#/components/schemas/s50"})
    );
}

#[test]
fn objects_inlined_into_each_other_over_and_over_stop_at_a_limit() {
    // Each level holds ten copies of the next: 10^8 headers once inlined.
    let mut files =
        vec![("root.yaml".to_owned(), root("paths:\n  /a: {get: {responses: {'200': {$ref: 'r0.yaml'}}}}\n"))];
    for i in 0..8 {
        let headers: String = (0..10).map(|h| format!("  H{h}: {{$ref: 'r{}.yaml'}}\n", i + 1)).collect();
        files.push((format!("r{i}.yaml"), format!("description: r\nheaders:\n{headers}")));
    }
    files.push(("r8.yaml".to_owned(), "description: leaf\n".to_owned()));
    let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let e = err(&files);
    assert!(e.message.contains("grows beyond"), "{e}");
    // Two levels (100 copies) are fine.
    let mut small = files[..3].to_vec();
    small.push(("r2.yaml", "description: leaf\n"));
    let (tree, _) = ok(&small);
    assert_eq!(tree.pointer("/paths/~1a/get/responses/200/headers/H9/headers/H9/description"), Some(&json!("leaf")));
}

#[test]
fn sources_tell_where_each_inlined_or_hoisted_part_was_written() {
    let (_, bundled) = ok(&[
        ("api/root.yaml", &root("paths:\n  /a: {$ref: 'paths/a.yaml'}\n")),
        (
            "api/paths/a.yaml",
            "get:\n  parameters: [{$ref: '../params.yaml#/limit'}]\n  responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 's.yaml#/S'}}}}}\n",
        ),
        ("api/params.yaml", "limit: {name: limit, in: query, schema: {type: integer}}\n"),
        ("api/paths/s.yaml", "S: {type: object, properties: {x: {type: string}}}\n"),
    ]);
    let sources = &bundled.sources;
    let at = |pointer: &str| sources.locate(pointer).map(|(file, pointer)| (file.to_owned(), pointer));
    assert_eq!(
        at("#/paths/~1a/get/operationId"),
        Some(("api/paths/a.yaml".to_owned(), "#/get/operationId".to_owned()))
    );
    assert_eq!(
        at("#/paths/~1a/get/parameters/0/schema"),
        Some(("api/params.yaml".to_owned(), "#/limit/schema".to_owned()))
    );
    assert_eq!(
        at("#/components/schemas/S/properties/x"),
        Some(("api/paths/s.yaml".to_owned(), "#/S/properties/x".to_owned()))
    );
    assert_eq!(at("#/paths/~1ab"), None, "prefixes match whole segments only");
    assert_eq!(at("#/info"), None, "the root's own parts stay where they are");
    let moved = sources.relocate(Error::at("api/root.yaml", "#/paths/~1a/get", "bad"));
    assert_eq!((moved.file.as_str(), moved.pointer.as_str()), ("api/paths/a.yaml", "#/get"));
    assert_eq!(moved.message, "bad (reached as `#/paths/~1a/get`)");
}

#[test]
fn a_local_ref_in_another_file_that_means_the_root_gets_a_hint() {
    let e = err(&[
        (
            "root.yaml",
            &root("paths:\n  /a: {$ref: 'a.yaml'}\ncomponents:\n  parameters:\n    P: {name: p, in: query}\n"),
        ),
        ("a.yaml", "get:\n  parameters: [{$ref: '#/components/parameters/P'}]\n"),
    ]);
    assert_eq!((e.file.as_str(), e.pointer.as_str()), ("a.yaml", "#/get/parameters/0/$ref"));
    assert!(e.hint.as_deref().is_some_and(|h| h.contains("the file it is written in")), "{e}");
}

#[cfg(unix)]
#[test]
fn references_resolve_against_the_path_a_file_was_named_by() {
    // `link` → `deep/real`: `../b.yaml` from `link/a.yaml` is `b.yaml` beside the root, as a
    // URI resolves, not `deep/b.yaml` beside the link's target.
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap_or(dir.path())).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    };
    write("root.yaml", &root("paths:\n  /a: {$ref: 'link/a.yaml'}\n"));
    write("deep/real/a.yaml", "get: {$ref: '../b.yaml'}\n");
    write("b.yaml", "responses: {}\n");
    std::os::unix::fs::symlink(dir.path().join("deep/real"), dir.path().join("link")).unwrap_or_else(|e| panic!("{e}"));
    let (tree, _) = bundle_file(&dir.path().join("root.yaml"), "root.yaml").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(tree["paths"]["/a"], json!({"get": {"responses": {}}}));
}

#[test]
fn a_pointer_that_runs_through_refs_in_a_loop_is_an_error() {
    let e = err(&[("root.yaml", &root("paths:\n  /a: {$ref: 'a.yaml#/x/y'}\n")), ("a.yaml", "x: {$ref: '#/x'}\n")]);
    assert_eq!((e.file.as_str(), e.pointer.as_str()), ("root.yaml", "#/paths/~1a/$ref"));
    assert!(e.message.contains("points to nothing"), "{e}");
    // Two references on every step of the way: the look-up is bounded all told.
    let e = err(&[
        ("root.yaml", &root("paths:\n  /a: {$ref: 'a.yaml#/x/y/z'}\n")),
        ("a.yaml", "x: {$ref: '#/w/x'}\nw: {$ref: '#/x/w'}\n"),
    ]);
    assert!(e.message.contains("points to nothing"), "{e}");
}

#[test]
fn a_ref_in_an_example_value_or_an_extension_is_data_even_when_remote() {
    let scim = "{value: 2819c223, $ref: 'https://example.com/v2/Users/2819c223'}";
    let (tree, _) = ok(&[(
        "root.yaml",
        &root(&format!(
            "x-logo: {{$ref: 'https://example.com/logo.json'}}\npaths:\n  /groups:\n    get:\n      x-code-samples: {{$ref: 'samples/missing.yaml'}}\n\
             \x20     responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n\
             \x20             examples:\n                one: {{value: {{members: [{scim}]}}}}\n"
        )),
    )]);
    let examples = &tree["paths"]["/groups"]["get"]["responses"]["200"]["content"]["application/json"]["examples"];
    assert_eq!(
        examples["one"]["value"]["members"][0],
        json!({"value": "2819c223", "$ref": "https://example.com/v2/Users/2819c223"})
    );
    assert_eq!(tree["paths"]["/groups"]["get"]["x-code-samples"], json!({"$ref": "samples/missing.yaml"}));
    assert_eq!(tree["x-logo"], json!({"$ref": "https://example.com/logo.json"}));
}

#[test]
fn a_pointer_with_a_bare_slash_in_a_key_resolves_when_one_reading_exists() {
    let (tree, _) = ok(&[(
        "root.yaml",
        &root(
            "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/x-shared/v1/limit'}]\n      responses: {'204': {description: none}}\n\
             x-shared:\n  v1/limit: {name: limit, in: query, schema: {type: integer}}\n",
        ),
    )]);
    assert_eq!(tree["paths"]["/a"]["get"]["parameters"][0]["name"], json!("limit"));
    let e = err(&[(
        "root.yaml",
        &root(
            "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/x-shared/v1/nothing'}]\n      responses: {'204': {description: none}}\n",
        ),
    )]);
    assert!(e.to_string().contains("v1"), "{e}");
}

#[test]
fn a_schema_reached_through_another_component_is_hoisted_as_a_schema() {
    let (tree, _) = ok(&[(
        "root.yaml",
        &root(
            "paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n\
             \x20           schema: {$ref: '#/components/responses/Conflict/content/application~1json/schema'}\n\
             \x20     responses: {'409': {$ref: '#/components/responses/Conflict'}}\n\
             components:\n  responses:\n    Conflict:\n      description: taken\n      content:\n        application/json:\n\
             \x20         schema: {type: object, properties: {reason: {type: string}}}\n",
        ),
    )]);
    let body = &tree["paths"]["/a"]["post"]["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body, &json!({"$ref": "#/components/schemas/Conflict"}));
    assert_eq!(tree["components"]["schemas"]["Conflict"]["properties"]["reason"], json!({"type": "string"}));
}

#[test]
fn a_component_schema_whose_name_holds_a_slash_stays_a_reference() {
    let (tree, _) = ok(&[(
        "root.yaml",
        &root(
            "paths: {}\ncomponents:\n  schemas:\n    sub/Foo: {type: object, properties: {a: {type: string}}}\n\
             \x20   Bar: {type: object, properties: {foo: {$ref: '#/components/schemas/sub/Foo'}}}\n",
        ),
    )]);
    assert_eq!(
        tree["components"]["schemas"]["Bar"]["properties"]["foo"],
        json!({"$ref": "#/components/schemas/sub/Foo"})
    );
}
