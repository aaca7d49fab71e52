//! What a spec change does to the generated crate's users: one small pair of specs per kind of
//! change, compared through the surface each generates (`SURFACE.txt`, read back), with the
//! report line and its class asserted; and the facts about the emitted code the classes rest on.

use generator::surface::{Class, Report, Surface, compare};
use serde_json::{Value, json};

/// A small API: two operations on voices, a struct, a string enum and a union.
fn base() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/v1/voices/{voice_id}": {"get": {
                "operationId": "get",
                "tags": ["voices"],
                "parameters": [
                    {"name": "voice_id", "in": "path", "required": true, "schema": {"type": "string"}},
                    {"name": "with_settings", "in": "query", "schema": {"type": "boolean"}}
                ],
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Voice"}}}}}
            }},
            "/v1/voices": {"post": {
                "operationId": "create",
                "tags": ["voices"],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Voice"}}}},
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Voice"}}}}}
            }}
        },
        "components": {"schemas": {
            "Voice": {"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"},
                "age": {"type": "integer"},
                "category": {"$ref": "#/components/schemas/Category"},
                "sample": {"$ref": "#/components/schemas/Sample"}
            }},
            "Category": {"type": "string", "enum": ["premade", "cloned"]},
            "Sample": {"oneOf": [{"type": "string"}, {"type": "integer"}]}
        }}
    })
}

fn surface(spec: &Value) -> Surface {
    let doc = generator::load::Document { file: "openapi.json".to_owned(), tree: spec.clone() };
    let config = generator::Config::for_crate("t");
    let generated = generator::generate(vec![doc], &config, generator::EmitOptions::default()).expect("generates");
    Surface::parse("SURFACE.txt", &generated.files[generator::surface::FILE]).expect("reads back")
}

/// The report from `base()` to `base()` changed by `edit`.
fn report(edit: impl FnOnce(&mut Value)) -> Report {
    let mut changed = base();
    edit(&mut changed);
    compare(&surface(&base()), &surface(&changed))
}

/// The report holds exactly these `(class, line)` changes.
fn assert_changes(report: &Report, expected: &[(Class, &str)]) {
    let actual: Vec<(Class, String)> = report.changes.iter().map(|c| (c.class, c.line())).collect();
    let expected: Vec<(Class, String)> = expected.iter().map(|(c, l)| (*c, (*l).to_owned())).collect();
    assert_eq!(actual, expected, "\n{}", report.to_text());
}

fn at<'a>(spec: &'a mut Value, pointer: &str) -> &'a mut Value {
    spec.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer} in the base spec"))
}

fn push(spec: &mut Value, pointer: &str, value: Value) {
    at(spec, pointer).as_array_mut().unwrap_or_else(|| panic!("{pointer} is not an array")).push(value);
}

fn remove(spec: &mut Value, pointer: &str, key: &str) {
    at(spec, pointer).as_object_mut().unwrap_or_else(|| panic!("{pointer} is not an object")).remove(key);
}

#[test]
fn the_base_surface_names_items_as_a_caller_writes_them() {
    let text = surface(&base()).to_text();
    for line in [
        "client.voices().get(voice_id: &str, params: &VoicesGetParams) -> Voice [GET /v1/voices/{voice_id}]",
        "types::Voice.name: String (required)",
        "types::Voice.age: Option<i64> (optional)",
        "types::Category::Premade = \"premade\"",
        "types::VoicesGetParams.with_settings: Option<bool> (optional)",
    ] {
        assert!(text.lines().any(|l| l == line), "no `{line}` in\n{text}");
    }
}

#[test]
fn the_same_spec_has_no_change() {
    assert!(report(|_| {}).is_empty());
}

#[test]
fn an_added_operation_is_compatible() {
    let report = report(|spec| {
        let get = at(spec, "/paths/~1v1~1voices~1{voice_id}/get").clone();
        let mut settings = get;
        settings["operationId"] = json!("get_settings");
        settings["parameters"] =
            json!([{"name": "voice_id", "in": "path", "required": true, "schema": {"type": "string"}}]);
        at(spec, "/paths")["/v1/voices/{voice_id}/settings"] = json!({"get": settings});
    });
    assert_changes(
        &report,
        &[(
            Class::Compatible,
            "operation added: client.voices().get_settings(voice_id: &str) -> Voice [GET /v1/voices/{voice_id}/settings]",
        )],
    );
}

#[test]
fn a_removed_operation_breaks() {
    let report = report(|spec| {
        remove(spec, "/paths", "/v1/voices");
    });
    assert_changes(
        &report,
        &[(Class::Breaking, "operation removed: client.voices().create(body: &Voice) -> Voice [POST /v1/voices]")],
    );
}

#[test]
fn an_operation_under_a_new_name_is_renamed_and_breaks() {
    let report = report(|spec| *at(spec, "/paths/~1v1~1voices/post/operationId") = json!("add"));
    assert_changes(
        &report,
        &[(Class::Breaking, "operation renamed: client.voices().create → client.voices().add [POST /v1/voices]")],
    );
}

#[test]
fn a_new_required_field_breaks_new() {
    let report = report(|spec| {
        at(spec, "/components/schemas/Voice/properties")["labels"] = json!({"type": "string"});
        push(spec, "/components/schemas/Voice/required", json!("labels"));
    });
    assert_changes(
        &report,
        &[(
            Class::Breaking,
            "field added (required): types::Voice.labels: String (`new(..)` takes it; it also breaks struct literals)",
        )],
    );
}

/// Generated structs are not `#[non_exhaustive]` (see `emitted_structs_enums_and_unions_are_as_the_classes_assume`):
/// a caller may build them with a literal, which any new field breaks.
#[test]
fn a_new_optional_field_breaks_struct_literals_only() {
    let report = report(|spec| at(spec, "/components/schemas/Voice/properties")["labels"] = json!({"type": "string"}));
    assert_changes(
        &report,
        &[(
            Class::Breaking,
            "field added (optional): types::Voice.labels: Option<String> (breaks struct literals: generated structs are not #[non_exhaustive])",
        )],
    );
}

#[test]
fn an_optional_field_made_required_breaks() {
    let report = report(|spec| push(spec, "/components/schemas/Voice/required", json!("age")));
    assert_changes(&report, &[(Class::Breaking, "field optional → required: types::Voice.age: Option<i64> → i64")]);
}

#[test]
fn a_required_field_made_optional_breaks() {
    let report = report(|spec| *at(spec, "/components/schemas/Voice/required") = json!([]));
    assert_changes(
        &report,
        &[(Class::Breaking, "field required → optional: types::Voice.name: String → Option<String>")],
    );
}

#[test]
fn a_field_of_another_type_breaks() {
    let report = report(|spec| *at(spec, "/components/schemas/Voice/properties/age") = json!({"type": "number"}));
    assert_changes(&report, &[(Class::Breaking, "field type changed: types::Voice.age: Option<i64> → Option<f64>")]);
}

#[test]
fn a_removed_field_breaks() {
    let report = report(|spec| {
        remove(spec, "/components/schemas/Voice/properties", "age");
    });
    assert_changes(&report, &[(Class::Breaking, "field removed: types::Voice.age: Option<i64>")]);
}

/// String enums keep unknown values (`Unknown`) and are `#[non_exhaustive]`.
#[test]
fn a_new_enum_value_is_compatible() {
    let report = report(|spec| push(spec, "/components/schemas/Category/enum", json!("famous")));
    assert_changes(&report, &[(Class::Compatible, "enum value added: types::Category::Famous = \"famous\"")]);
}

#[test]
fn a_removed_enum_value_breaks() {
    let report = report(|spec| *at(spec, "/components/schemas/Category/enum") = json!(["premade"]));
    assert_changes(&report, &[(Class::Breaking, "enum value removed: types::Category::Cloned = \"cloned\"")]);
}

#[test]
fn a_new_union_arm_breaks_exhaustive_matches() {
    let report = report(|spec| push(spec, "/components/schemas/Sample/oneOf", json!({"type": "boolean"})));
    assert_changes(
        &report,
        &[(
            Class::Breaking,
            "union arm added: types::Sample::Boolean(bool) (breaks exhaustive `match`es: unions are not #[non_exhaustive])",
        )],
    );
}

#[test]
fn a_new_required_parameter_breaks_the_parameters_new() {
    let report = report(|spec| {
        let param = json!({"name": "model_id", "in": "query", "required": true, "schema": {"type": "string"}});
        push(spec, "/paths/~1v1~1voices~1{voice_id}/get/parameters", param);
    });
    assert_changes(
        &report,
        &[(
            Class::Breaking,
            "parameter added (required): types::VoicesGetParams.model_id: String (`new(..)` takes it; it also breaks struct literals)",
        )],
    );
}

#[test]
fn a_new_optional_parameter_breaks_struct_literals_only() {
    let report = report(|spec| {
        let param = json!({"name": "model_id", "in": "query", "schema": {"type": "string"}});
        push(spec, "/paths/~1v1~1voices~1{voice_id}/get/parameters", param);
    });
    assert_changes(
        &report,
        &[(
            Class::Breaking,
            "parameter added (optional): types::VoicesGetParams.model_id: Option<String> (breaks struct literals: generated structs are not #[non_exhaustive])",
        )],
    );
}

/// The first query parameter of an operation adds an argument: every call must change.
#[test]
fn a_first_parameter_adds_an_argument_and_a_type() {
    let report = report(|spec| {
        let param = json!({"name": "dry_run", "in": "query", "schema": {"type": "boolean"}});
        at(spec, "/paths/~1v1~1voices/post")["parameters"] = json!([param]);
    });
    assert_changes(
        &report,
        &[
            (
                Class::Breaking,
                "argument added: client.voices().create(body: &Voice, params: &VoicesCreateParams) -> Voice [POST /v1/voices] (new argument `params: &VoicesCreateParams`)",
            ),
            (Class::Compatible, "type added: types::VoicesCreateParams: params struct (1 member)"),
        ],
    );
}

#[test]
fn another_response_type_breaks() {
    let report = report(|spec| {
        let schema = json!({"type": "array", "items": {"$ref": "#/components/schemas/Voice"}});
        *at(spec, "/paths/~1v1~1voices~1{voice_id}/get/responses/200/content/application~1json/schema") = schema;
    });
    assert_changes(&report, &[(Class::Breaking, "return type changed: client.voices().get: Voice → Vec<Voice>")]);
}

#[test]
fn the_report_counts_each_kind_and_says_it_in_json() {
    let report = report(|spec| {
        push(spec, "/components/schemas/Category/enum", json!("famous"));
        *at(spec, "/components/schemas/Voice/properties/age") = json!({"type": "number"});
    });
    let text = report.to_text();
    assert!(text.starts_with("1 breaking change, 1 compatible change\n"), "{text}");
    assert!(text.contains("  breaking: field type changed: 1\n  compatible: enum value added: 1\n"), "{text}");
    let json = report.to_json();
    assert_eq!(json["breaking"], 1);
    assert_eq!(json["changes"][1]["kind"], "enum value added");
    assert_eq!(json["changes"][1]["item"], "types::Category::Famous = \"famous\"");
}

/// The classes rest on how the emitter declares things: structs exhaustive (a new field breaks
/// literals), string enums `#[non_exhaustive]` (a new value is compatible), unions exhaustive (a
/// new arm breaks `match`es). If the emitter changes, `surface::compare` must change with it.
#[test]
fn emitted_structs_enums_and_unions_are_as_the_classes_assume() {
    let doc = generator::load::Document { file: "openapi.json".to_owned(), tree: base() };
    let generated =
        generator::generate(vec![doc], &generator::Config::for_crate("t"), generator::EmitOptions::default())
            .expect("generates");
    let types = &generated.files["src/types.rs"];
    let attributes_of = |item: &str| -> Vec<String> {
        let lines: Vec<&str> = types.lines().collect();
        let at = lines.iter().position(|l| *l == item).unwrap_or_else(|| panic!("no `{item}` in\n{types}"));
        lines[..at]
            .iter()
            .rev()
            .take_while(|l| l.starts_with('#') || l.starts_with("///"))
            .map(|l| (*l).to_owned())
            .collect()
    };
    let structs = generator::emit::STRUCTS_NON_EXHAUSTIVE;
    assert_eq!(attributes_of("pub struct Voice {").contains(&"#[non_exhaustive]".to_owned()), structs);
    assert_eq!(attributes_of("pub struct VoicesGetParams {").contains(&"#[non_exhaustive]".to_owned()), structs);
    assert!(attributes_of("pub enum Category {").contains(&"#[non_exhaustive]".to_owned()));
    assert!(!attributes_of("pub enum Sample {").contains(&"#[non_exhaustive]".to_owned()));
}
