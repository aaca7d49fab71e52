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
        "client.voices().get(voice_id: &str) -> Voice [GET /v1/voices/{voice_id}]",
        "client.voices().get().with_settings(with_settings: bool) -> Self",
        "api::Voices: group client.voices()",
        "api::VoicesGet: call client.voices().get()",
        "types::Voice: struct, non-exhaustive",
        "types::Voice.name: String (required)",
        "types::Voice.age: Option<i64> (optional)",
        "types::Voice::new(name: &str) -> Self",
        "types::Voice::with_age(value: i64) -> Self",
        "types::Category::Premade = \"premade\"",
        "types::Sample: union, non-exhaustive",
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
    // Its call type comes with it, and is not counted apart.
    assert_changes(
        &report,
        &[(
            Class::Compatible,
            "operation added: client.voices().get_settings(voice_id: &str) -> Voice [GET /v1/voices/{voice_id}/settings]",
        )],
    );
}

/// The only operation that sends `Voice` goes: so do the setters of `Voice`, which only the
/// types a request sends have.
#[test]
fn a_removed_operation_breaks() {
    let report = report(|spec| {
        remove(spec, "/paths", "/v1/voices");
    });
    assert_changes(
        &report,
        &[
            (Class::Breaking, "operation removed: client.voices().create(body: &Voice) -> Voice [POST /v1/voices]"),
            (Class::Breaking, "function removed: types::Voice::with_age(value: i64) -> Self"),
            (Class::Breaking, "function removed: types::Voice::with_category(value: Category) -> Self"),
            (Class::Breaking, "function removed: types::Voice::with_sample(value: Sample) -> Self"),
        ],
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
        &[(Class::Breaking, "field added (required): types::Voice.labels: String (`new(..)` takes it)")],
    );
}

/// Generated structs are `#[non_exhaustive]` (see `emitted_structs_enums_and_unions_are_as_the_classes_assume`):
/// a caller builds them with `new(..)` and the setters, which a new optional field does not
/// change; its setter comes with it and is not counted apart.
#[test]
fn a_new_optional_field_is_compatible() {
    let report = report(|spec| at(spec, "/components/schemas/Voice/properties")["labels"] = json!({"type": "string"}));
    assert_changes(
        &report,
        &[(
            Class::Compatible,
            "field added (optional): types::Voice.labels: Option<String> (the struct is #[non_exhaustive])",
        )],
    );
}

#[test]
fn an_optional_field_made_required_breaks() {
    let report = report(|spec| push(spec, "/components/schemas/Voice/required", json!("age")));
    assert_changes(&report, &[(Class::Breaking, "field optional → required: types::Voice.age: Option<i64> → i64")]);
}

/// A body whose struct no longer requires anything is set property by property on the call:
/// the body argument goes, each property becomes a setter.
#[test]
fn a_required_field_made_optional_breaks() {
    let report = report(|spec| *at(spec, "/components/schemas/Voice/required") = json!([]));
    assert_changes(
        &report,
        &[
            (
                Class::Breaking,
                "argument removed: client.voices().create() -> Voice [POST /v1/voices] (`body: &Voice` is gone)",
            ),
            (Class::Breaking, "field required → optional: types::Voice.name: String → Option<String>"),
            (Class::Compatible, "setter added: client.voices().create().age(age: i64) -> Self"),
            (Class::Compatible, "setter added: client.voices().create().category(category: Category) -> Self"),
            (Class::Compatible, "setter added: client.voices().create().name(name: &str) -> Self"),
            (Class::Compatible, "setter added: client.voices().create().sample(sample: Sample) -> Self"),
        ],
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

/// Unions are `#[non_exhaustive]`: a caller's `match` has a `_` arm already.
#[test]
fn a_new_union_arm_is_compatible() {
    let report = report(|spec| push(spec, "/components/schemas/Sample/oneOf", json!({"type": "boolean"})));
    assert_changes(&report, &[(Class::Compatible, "union arm added: types::Sample::Boolean(bool)")]);
}

#[test]
fn a_removed_union_arm_breaks() {
    let report = report(|spec| *at(spec, "/components/schemas/Sample/oneOf") = json!([{"type": "string"}]));
    assert_changes(&report, &[(Class::Breaking, "union arm removed: types::Sample::Integer(i64)")]);
}

/// A required parameter is an argument of the method.
#[test]
fn a_new_required_parameter_is_a_new_argument() {
    let report = report(|spec| {
        let param = json!({"name": "model_id", "in": "query", "required": true, "schema": {"type": "string"}});
        push(spec, "/paths/~1v1~1voices~1{voice_id}/get/parameters", param);
    });
    assert_changes(
        &report,
        &[(
            Class::Breaking,
            "argument added: client.voices().get(voice_id: &str, model_id: &str) -> Voice [GET /v1/voices/{voice_id}] (new argument `model_id: &str`)",
        )],
    );
}

/// An optional parameter is a setter of the call: old calls still compile.
#[test]
fn a_new_optional_parameter_is_a_compatible_setter() {
    let report = report(|spec| {
        let param = json!({"name": "model_id", "in": "query", "schema": {"type": "string"}});
        push(spec, "/paths/~1v1~1voices~1{voice_id}/get/parameters", param);
    });
    assert_changes(
        &report,
        &[(Class::Compatible, "setter added: client.voices().get().model_id(model_id: &str) -> Self")],
    );
}

/// The first optional parameter of an operation is a setter like any other: no call changes.
#[test]
fn a_first_optional_parameter_is_a_compatible_setter() {
    let report = report(|spec| {
        let param = json!({"name": "dry_run", "in": "query", "schema": {"type": "boolean"}});
        at(spec, "/paths/~1v1~1voices/post")["parameters"] = json!([param]);
    });
    assert_changes(
        &report,
        &[(Class::Compatible, "setter added: client.voices().create().dry_run(dry_run: bool) -> Self")],
    );
}

#[test]
fn a_removed_optional_parameter_breaks() {
    let report = report(|spec| {
        *at(spec, "/paths/~1v1~1voices~1{voice_id}/get/parameters") =
            json!([{"name": "voice_id", "in": "path", "required": true, "schema": {"type": "string"}}]);
    });
    assert_changes(
        &report,
        &[(Class::Breaking, "setter removed: client.voices().get().with_settings(with_settings: bool) -> Self")],
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

/// The classes rest on how the emitter declares things: structs, string enums and unions are
/// `#[non_exhaustive]` (a new field, value or arm is compatible). If the emitter changes,
/// `surface::compare` must change with it.
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
    for item in ["pub struct Voice {", "pub enum Category {", "pub enum Sample {"] {
        assert!(attributes_of(item).contains(&"#[non_exhaustive]".to_owned()), "{item}");
    }
}
