//! The error catalogue: one bad input per test, each answered with a message that names the
//! file, the place in the spec (a JSON pointer, or a line and column) and what is wrong,
//! exit code 1, and nothing written. Operation-level problems are reported and skipped
//! instead: generation goes on and the count of skipped operations is shown.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Self {
        Case { dir: tempfile::tempdir().expect("tempdir") }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        path
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    fn generate(&self, specs: &[&Path], extra: &[&str]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command.arg("generate").arg("--spec");
        for spec in specs {
            command.arg(spec);
        }
        command.arg("--out").arg(self.out()).args(extra);
        command.output().expect("run xtask")
    }

    /// Exit code 1, every piece in stderr, and no output folder.
    fn refused(&self, specs: &[&Path], extra: &[&str], pieces: &[&str]) -> String {
        let output = self.generate(specs, extra);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(1), "exit code 1; stderr:\n{stderr}");
        for piece in pieces {
            assert!(stderr.contains(piece), "stderr should contain {piece:?}:\n{stderr}");
        }
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert!(!self.out().exists(), "nothing is written on error");
        stderr
    }

    /// Exit code 0, with each piece in the warnings.
    fn skipped(&self, specs: &[&Path], pieces: &[&str]) -> String {
        let output = self.generate(specs, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(0), "generation goes on; stderr:\n{stderr}");
        for piece in pieces {
            assert!(stderr.contains(piece), "stderr should contain {piece:?}:\n{stderr}");
        }
        assert!(self.out().join("src/api.rs").exists());
        stderr
    }
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";

fn spec(body: &str) -> String {
    format!("{HEAD}{body}")
}

const OK_PATH: &str = "paths:\n  /a:\n    get:\n      operationId: a\n      responses: {'200': {description: ok}}\n";

#[test]
fn e01_a_file_that_does_not_exist() {
    let case = Case::new();
    let missing = case.dir.path().join("nope.yaml");
    case.refused(&[&missing], &[], &["nope.yaml", "cannot read"]);
}

#[test]
fn e02_a_file_that_is_not_text() {
    let case = Case::new();
    let path = case.dir.path().join("binary.yaml");
    std::fs::write(&path, [0x6f, 0x70, 0xff, 0xfe, 0x00]).expect("write");
    case.refused(&[&path], &[], &["binary.yaml", "not UTF-8 text"]);
}

#[test]
fn e03_invalid_yaml_with_line_and_column() {
    let case = Case::new();
    let path = case.file("bad.yaml", &spec("paths:\n  /a: [\n"));
    case.refused(&[&path], &[], &["bad.yaml:", "invalid YAML"]);
}

#[test]
fn e04_invalid_json_with_line_and_column() {
    let case = Case::new();
    let path = case.file("bad.json", "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {,}\n}");
    case.refused(&[&path], &[], &["bad.json:3:", "invalid JSON"]);
}

#[test]
fn e05_not_an_openapi_document() {
    let case = Case::new();
    let path = case.file("data.yaml", "name: not a spec\n");
    case.refused(&[&path], &[], &["data.yaml", "not an OpenAPI document", "hint:"]);
}

#[test]
fn e06_a_document_that_is_not_a_mapping() {
    let case = Case::new();
    let path = case.file("list.yaml", "- a\n- b\n");
    case.refused(&[&path], &[], &["list.yaml", "not a mapping"]);
}

#[test]
fn e07_a_swagger_2_document_with_a_real_error() {
    let case = Case::new();
    let head = "swagger: '2.0'\ninfo: {title: t, version: '1'}\n";
    let body = "paths:\n  /v1/{voice_id}:\n    get:\n      parameters: [{name: q, in: query, type: string}]\n      responses: {'200': {description: ok}}\n";
    let path = case.file("old.yaml", &format!("{head}{body}"));
    case.refused(&[&path], &[], &["old.yaml", "#/paths/~1v1~1{voice_id}/get", "`{voice_id}`", "hint: add a parameter"]);
    // A problem in a part the conversion moved is named at its place in the 2.0 document.
    let body = format!("{}definitions:\n  S: {{type: [string, 3]}}\n", OK_PATH);
    let path = case.file("defs.yaml", &format!("{head}{body}"));
    let stderr = case.refused(&[&path], &[], &["defs.yaml", "#/definitions/S/type/1", "must be a string"]);
    assert!(!stderr.contains("#/components"), "{stderr}");
    let body = "paths:\n  /a:\n    get:\n      parameters: [{name: q, in: query, type: array, items: {type: string}, collectionFormat: tsv}]\n      responses: {'200': {description: ok}}\n";
    let path = case.file("tsv.yaml", &format!("{head}{body}"));
    case.refused(&[&path], &[], &["tsv.yaml", "#/paths/~1a/get/parameters/0/collectionFormat", "`tsv`", "hint:"]);
}

#[test]
fn e07b_an_unsupported_swagger_version() {
    let case = Case::new();
    let path = case.file("old.json", r#"{"swagger": "1.2", "paths": {}}"#);
    case.refused(&[&path], &[], &["old.json", "#/swagger", "unsupported Swagger version `1.2`", "hint:"]);
}

#[test]
fn e08_an_unsupported_openapi_version() {
    let case = Case::new();
    let path = case.file("v4.yaml", "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
    case.refused(&[&path], &[], &["v4.yaml", "#/openapi", "unsupported OpenAPI version `4.0.0`"]);
}

#[test]
fn e09_a_ref_to_a_missing_schema() {
    let case = Case::new();
    let body = "paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Nope'}\n";
    let path = case.file("s.yaml", &spec(body));
    case.refused(
        &[&path],
        &[],
        &["s.yaml", "#/paths/~1a/get/responses/200/content/application~1json/schema/$ref", "missing schema", "hint:"],
    );
}

#[test]
fn e10_a_ref_to_a_file_that_does_not_exist() {
    let case = Case::new();
    let body = format!(
        "{OK_PATH}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: 'other.yaml#/B'}}\n"
    );
    let path = case.file("s.yaml", &spec(&body));
    case.refused(
        &[&path],
        &[],
        &[
            "s.yaml",
            "#/components/schemas/A/properties/b/$ref",
            "`$ref: other.yaml#/B`",
            "other.yaml`, which cannot be read",
            "hint:",
        ],
    );
}

#[test]
fn e10b_a_ref_in_another_file_to_a_place_that_does_not_exist() {
    let case = Case::new();
    let body = "paths:\n  /a: {$ref: 'paths/a.yaml'}\n";
    let path = case.file("s.yaml", &spec(body));
    case.file(
        "paths/a.yaml",
        "get:\n  parameters: [{$ref: '../params.yaml#/limit'}]\n  responses: {'200': {description: ok}}\n",
    );
    case.file("params.yaml", "offset: {name: offset, in: query}\n");
    case.refused(&[&path], &[], &["paths/a.yaml at #/get/parameters/0/$ref", "params.yaml` has no `#/limit`", "hint:"]);
}

#[test]
fn e10c_a_problem_in_a_path_item_from_another_file_names_that_file() {
    let case = Case::new();
    let path = case.file("s.yaml", &spec("paths:\n  /a/{id}: {$ref: 'paths/a.yaml'}\n"));
    case.file("paths/a.yaml", "get:\n  operationId: a\n  responses: {'200': {description: ok}}\n");
    case.refused(
        &[&path],
        &[],
        &["paths/a.yaml at #/get:", "no path parameter `id`", "reached as `#/paths/~1a~1{id}/get`"],
    );
}

#[test]
fn e10d_a_problem_in_a_schema_from_another_file_names_that_file() {
    let case = Case::new();
    let body = "paths:\n  /a: {get: {responses: {'200': {description: ok, content: {application/json: {schema: {$ref: 'schemas/pet.yaml'}}}}}}}\n";
    let path = case.file("s.yaml", &spec(body));
    case.file("schemas/pet.yaml", "type: object\nproperties:\n  a: {type: [string, 3]}\n");
    case.refused(
        &[&path],
        &[],
        &["schemas/pet.yaml at #/properties/a/type/1:", "reached as `#/components/schemas/pet/properties/a/type/1`"],
    );
}

#[test]
fn e11_a_ref_to_a_part_that_is_not_a_schema() {
    let case = Case::new();
    let body = format!(
        "{OK_PATH}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/paths/~1a'}}\n"
    );
    let path = case.file("s.yaml", &spec(&body));
    case.refused(&[&path], &[], &["s.yaml", "#/components/schemas/A/properties/b/$ref", "other than a schema"]);
}

#[test]
fn e12_a_ref_cycle_with_no_object_in_it() {
    let case = Case::new();
    let body = format!(
        "{OK_PATH}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n    C:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/A'}}\n"
    );
    let path = case.file("s.yaml", &spec(&body));
    case.refused(&[&path], &[], &["s.yaml", "#/components/schemas/", "cycle with no object"]);
}

#[test]
fn e13_two_pages_defining_one_schema_differently() {
    let case = Case::new();
    let a = case.file("pages/a.yaml", &spec(&format!("{OK_PATH}components:\n  schemas:\n    S: {{type: string}}\n")));
    let b = case.file(
        "pages/b.yaml",
        &spec("paths:\n  /b:\n    get:\n      operationId: b\n      responses: {'200': {description: ok}}\ncomponents:\n  schemas:\n    S: {type: integer}\n"),
    );
    let stderr =
        case.refused(&[&a, &b], &[], &["b.yaml", "#/components/schemas/S", "defined differently in", "a.yaml"]);
    // The same folder gives the same error.
    let _ = stderr;
    case.refused(&[&case.dir.path().join("pages")], &[], &["#/components/schemas/S", "a.yaml", "b.yaml"]);
}

#[test]
fn e14_two_pages_defining_one_operation_differently() {
    let case = Case::new();
    let a = case.file("a.yaml", &spec(OK_PATH));
    let b = case.file("b.yaml", &spec(&OK_PATH.replace("operationId: a", "operationId: other")));
    case.refused(&[&a, &b], &[], &["b.yaml", "#/paths/~1a/get", "defined differently in `", "a.yaml"]);
}

#[test]
fn e15_operations_no_rule_can_tell_apart() {
    let case = Case::new();
    let body = "paths:\n  /a_b:\n    get:\n      operationId: same\n      responses: {'200': {description: ok}}\n  /a-b:\n    get:\n      operationId: same\n      responses: {'200': {description: ok}}\n";
    let path = case.file("s.yaml", &spec(body));
    case.refused(&[&path], &[], &["s.yaml", "#/paths/", "no other name is left", "hint: give the operations distinct"]);
}

#[test]
fn e16_a_path_template_parameter_that_is_not_declared() {
    let case = Case::new();
    let path = case
        .file("s.yaml", &spec("paths:\n  /v1/{voice_id}:\n    get:\n      responses: {'200': {description: ok}}\n"));
    case.refused(&[&path], &[], &["s.yaml", "#/paths/~1v1~1{voice_id}/get", "`{voice_id}`", "hint: add a parameter"]);
}

#[test]
fn e17_an_empty_spec_folder() {
    let case = Case::new();
    let folder = case.dir.path().join("empty");
    std::fs::create_dir_all(&folder).expect("mkdir");
    case.refused(&[&folder], &[], &["empty", "holds no spec files", "hint:"]);
}

#[test]
fn e18_a_folder_of_prose_pages_only() {
    let case = Case::new();
    let page = case.file("pages/intro.md", "# Introduction\n\nWelcome.\n");
    case.refused(&[&case.dir.path().join("pages")], &[], &["no OpenAPI document among the inputs"]);
    let _ = page;
}

#[test]
fn e19_a_type_name_that_is_not_a_string() {
    let case = Case::new();
    let body = format!("{OK_PATH}components:\n  schemas:\n    S: {{type: [string, 3]}}\n");
    let path = case.file("s.yaml", &spec(&body));
    case.refused(&[&path], &[], &["s.yaml", "#/components/schemas/S/type/1", "must be a string"]);
}

#[test]
fn e20_a_shape_openapi_does_not_allow() {
    let case = Case::new();
    let path =
        case.file("s.yaml", &spec("paths:\n  /a:\n    get:\n      responses: {'200': {description: [not, text]}}\n"));
    case.refused(
        &[&path],
        &[],
        &["s.yaml", "#/paths/~1a/get/responses/200/description", "not a valid OpenAPI 3.0 shape"],
    );
}

#[test]
fn e21_a_ref_to_a_missing_parameter() {
    let case = Case::new();
    let body = "paths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/Nope'}]\n      responses: {'200': {description: ok}}\n";
    let path = case.file("s.yaml", &spec(body));
    case.refused(&[&path], &[], &["s.yaml", "#/paths/~1a/get/parameters/0/$ref", "missing parameter"]);
}

#[test]
fn e22_a_generator_config_with_an_unknown_key() {
    let case = Case::new();
    let path = case.file("s.yaml", &spec(OK_PATH));
    let config = case.file("generator.yaml", "crate:\n  name: x\n  verison: 1.0.0\n");
    let config = config.to_str().expect("utf-8").to_owned();
    case.refused(&[&path], &["--config", &config], &["generator.yaml", "#/crate", "verison"]);
}

#[test]
fn e23_an_invalid_crate_name() {
    let case = Case::new();
    let path = case.file("s.yaml", &spec(OK_PATH));
    case.refused(&[&path], &["--name", "9 lives"], &["`9 lives` is not a valid crate name", "hint:"]);
}

#[test]
fn e24_an_invalid_auth_header_in_the_config() {
    let case = Case::new();
    let path = case.file("s.yaml", &spec(OK_PATH));
    let config = case.file("generator.yaml", "crate: {name: x}\nclient:\n  auth: {header: 'x api key'}\n");
    let config = config.to_str().expect("utf-8").to_owned();
    case.refused(
        &[&path],
        &["--config", &config],
        &["generator.yaml", "#/client/auth/header", "not a valid HTTP header name"],
    );
}

#[test]
fn s01_a_form_body_that_is_not_an_object_skips_the_operation() {
    let case = Case::new();
    let body = format!(
        "{OK_PATH}  /b:\n    post:\n      operationId: b\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema: {{type: string}}\n      responses: {{'200': {{description: ok}}}}\n"
    );
    let path = case.file("s.yaml", &spec(&body));
    let stderr = case.skipped(
        &[&path],
        &[
            "s.yaml",
            "#/paths/~1b/post/requestBody/content/application~1x-www-form-urlencoded/schema",
            "must be an object",
            "1 operation(s) skipped",
        ],
    );
    assert!(stderr.contains("warning:"), "{stderr}");
}

#[test]
fn s02_an_unsupported_request_content_type_skips_the_operation() {
    let case = Case::new();
    let body = format!(
        "{OK_PATH}  /b:\n    post:\n      operationId: b\n      requestBody:\n        content:\n          application/xml:\n            schema: {{type: string}}\n      responses: {{'200': {{description: ok}}}}\n"
    );
    let path = case.file("s.yaml", &spec(&body));
    case.skipped(
        &[&path],
        &["#/paths/~1b/post/requestBody", "application/xml", "not supported", "1 operation(s) skipped"],
    );
}

#[test]
fn e25_a_ref_to_a_missing_response() {
    let case = Case::new();
    let body = "paths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n";
    let path = case.file("s.yaml", &spec(body));
    case.refused(&[&path], &[], &["s.yaml", "#/paths/~1a/get/responses/200/$ref", "missing response"]);
}
