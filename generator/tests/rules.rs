//! Model rules on the smallest specs that show them: grouping, method names and their
//! collisions, ignored operations, and the errors for what no rule can resolve.

use generator::load::Document;
use generator::{Config, EmitOptions, Error, Generated};

fn run(yaml: &str) -> Result<Generated, Error> {
    let tree = serde_yaml::from_str(yaml).expect("test YAML");
    let doc = Document { file: "t.yaml".to_owned(), tree };
    generator::generate(vec![doc], &Config::for_crate("t"), EmitOptions::default())
}

fn spec(paths: &str) -> String {
    let indented: String = paths.lines().map(|l| format!("  {l}\n")).collect();
    format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n{indented}")
}

fn name_of(generated: &Generated, method: &str, path: &str) -> (Vec<String>, String) {
    generated.methods.get(&(method.to_owned(), path.to_owned())).cloned().expect("the operation is generated")
}

#[test]
fn groups_come_from_the_fern_extension_then_nested_tags_then_the_first_tag() {
    let generated = run(&spec(
        "/a:\n  get:\n    operationId: get_a\n    x-fern-sdk-group-name: [voices, settings]\n    x-fern-sdk-method-name: get\n    responses: {'200': {description: ok}}\n\
/b:\n  get:\n    operationId: list\n    tags: [[subpackage_speechToText, subpackage_speechToText/transcripts]]\n    responses: {'200': {description: ok}}\n\
/c:\n  get:\n    operationId: listPets\n    tags: [pets, animals]\n    responses: {'200': {description: ok}}\n\
/d:\n  get:\n    responses: {'200': {description: ok}}\n",
    ))
    .expect("generates");
    assert_eq!(name_of(&generated, "GET", "/a"), (vec!["voices".into(), "settings".into()], "get".into()));
    assert_eq!(name_of(&generated, "GET", "/b"), (vec!["speech_to_text".into(), "transcripts".into()], "list".into()));
    assert_eq!(name_of(&generated, "GET", "/c"), (vec!["pets".into()], "list_pets".into()));
    // No group, no operationId: the root client, named from method and path.
    assert_eq!(name_of(&generated, "GET", "/d"), (vec![], "get_d".into()));
}

#[test]
fn colliding_method_names_fall_back_to_operation_ids_together() {
    let generated = run(&spec(
        "/v1/voices/{id}:\n  get:\n    operationId: get_voice\n    x-fern-sdk-group-name: voices\n    x-fern-sdk-method-name: get\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    responses: {'200': {description: ok}}\n\
/v1/voices/{id}/settings:\n  get:\n    operationId: get_voice_settings\n    x-fern-sdk-group-name: voices\n    x-fern-sdk-method-name: get\n    parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n    responses: {'200': {description: ok}}\n\
/v1/voices:\n  get:\n    operationId: list_voices\n    x-fern-sdk-group-name: voices\n    x-fern-sdk-method-name: list\n    responses: {'200': {description: ok}}\n",
    ))
    .expect("generates");
    // Both colliding methods move to their operationIds; the one that did not collide keeps its name.
    assert_eq!(name_of(&generated, "GET", "/v1/voices/{id}").1, "get_voice");
    assert_eq!(name_of(&generated, "GET", "/v1/voices/{id}/settings").1, "get_voice_settings");
    assert_eq!(name_of(&generated, "GET", "/v1/voices").1, "list");
}

#[test]
fn a_method_never_shadows_a_sub_group_accessor() {
    let generated = run(&spec(
        "/v1/voices/settings:\n  get:\n    operationId: get_settings\n    x-fern-sdk-group-name: voices\n    x-fern-sdk-method-name: settings\n    responses: {'200': {description: ok}}\n\
/v1/voices/settings/default:\n  get:\n    operationId: get_default\n    x-fern-sdk-group-name: [voices, settings]\n    x-fern-sdk-method-name: get_default\n    responses: {'200': {description: ok}}\n",
    ))
    .expect("generates");
    assert_eq!(name_of(&generated, "GET", "/v1/voices/settings").1, "get_settings");
}

#[test]
fn the_method_and_path_name_is_the_last_resort() {
    let generated = run(&spec(
        "/x:\n  get:\n    operationId: fetch\n    responses: {'200': {description: ok}}\n  post:\n    operationId: fetch\n    responses: {'200': {description: ok}}\n\
/get_x:\n  get:\n    operationId: fetch\n    responses: {'200': {description: ok}}\n",
    ))
    .expect("the method-and-path rule tells them apart");
    // `fetch` ×3 → `get_x`, `post_x`, `get_get_x`.
    assert_eq!(name_of(&generated, "GET", "/x").1, "get_x");
    assert_eq!(name_of(&generated, "POST", "/x").1, "post_x");
    assert_eq!(name_of(&generated, "GET", "/get_x").1, "get_get_x");
}

#[test]
fn operations_no_rule_can_tell_apart_are_an_error_naming_both() {
    let err = run(&spec(
        "/a_b:\n  get:\n    operationId: same\n    responses: {'200': {description: ok}}\n\
/a-b:\n  get:\n    operationId: same\n    responses: {'200': {description: ok}}\n",
    ))
    .expect_err("`get /a_b` and `get /a-b` are both `get_a_b`");
    assert!(err.pointer.starts_with("#/paths/"), "{err}");
    assert!(err.message.contains("no other name is left"), "{err}");
    assert!(err.message.contains("GET /a_b") && err.message.contains("GET /a-b"), "{err}");
}

#[test]
fn ignored_operations_are_left_out() {
    let generated = run(&spec(
        "/a:\n  get:\n    operationId: a\n    responses: {'200': {description: ok}}\n\
/b:\n  get:\n    operationId: b\n    x-fern-ignore: true\n    responses: {'200': {description: ok}}\n",
    ))
    .expect("generates");
    assert_eq!(generated.operations, 1);
    assert!(!generated.methods.contains_key(&("GET".to_owned(), "/b".to_owned())));
}

#[test]
fn a_ref_cycle_without_an_object_is_an_error() {
    let yaml = format!(
        "{}components:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n    C:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/A'}}\n",
        spec("/a:\n  get:\n    responses: {'200': {description: ok}}\n")
    );
    let err = run(&yaml).expect_err("no type can be made of A");
    assert!(err.message.contains("cycle"), "{err}");
    assert!(err.pointer.starts_with("#/components/schemas/"), "{err}");
}

#[test]
fn undeclared_path_parameters_are_an_error() {
    let err =
        run(&spec("/v1/{voice_id}:\n  get:\n    responses: {'200': {description: ok}}\n")).expect_err("undeclared");
    assert_eq!(err.pointer, "#/paths/~1v1~1{voice_id}/get");
    assert!(err.message.contains("voice_id"), "{err}");
}

#[test]
fn unsupported_request_bodies_skip_the_operation_with_a_reason() {
    let generated = run(&spec(
        "/a:\n  post:\n    operationId: a\n    requestBody: {content: {application/x-www-form-urlencoded: {schema: {type: array, items: {type: string}}}}}\n    responses: {'200': {description: ok}}\n\
/b:\n  get:\n    operationId: b\n    parameters: [{name: session, in: cookie, schema: {type: string}}]\n    responses: {'200': {description: ok}}\n",
    ))
    .expect("generation goes on");
    assert_eq!(generated.operations, 1, "the cookie parameter is sent, the operation kept");
    assert_eq!(generated.skipped_operations.len(), 1);
    let skipped = &generated.skipped_operations[0];
    assert_eq!(skipped.pointer, "#/paths/~1a/post/requestBody/content/application~1x-www-form-urlencoded/schema");
    assert!(skipped.message.contains("must be an object"), "{skipped}");
}

#[test]
fn accept_content_type_and_authorization_header_parameters_are_ignored() {
    let generated = run(&spec(
        "/a:\n  get:\n    operationId: a\n    parameters:\n      - {name: Content-Type, in: header, schema: {type: string}}\n      - {name: accept, in: header, schema: {type: string}}\n      - {name: Authorization, in: header, schema: {type: string}}\n      - {name: X-Kept, in: header, schema: {type: string}}\n    responses: {'200': {description: ok}}\n",
    ))
    .expect("generated");
    let api = &generated.files["src/api.rs"];
    assert!(api.contains("\"X-Kept\""), "{api}");
    for ignored in ["Content-Type", "accept", "Authorization"] {
        assert!(!api.contains(&format!("\"{ignored}\"")), "{ignored} is the request's own: {api}");
    }
}

#[test]
fn an_all_of_that_reaches_itself_through_several_parts_ends() {
    // Found by the property test: each part looked into the whole cycle again, 16 levels deep,
    // and each level twice: four parts took about 8^16 steps, which never ended in practice.
    let part = "        - {$ref: '#/components/schemas/A'}\n";
    let yaml = format!(
        "{}components:\n  schemas:\n    A:\n      allOf:\n{}        - {{type: object, properties: {{x: {{type: string}}}}}}\n",
        spec("/a:\n  get:\n    responses: {'200': {description: ok}}\n"),
        part.repeat(4)
    );
    let err = run(&yaml).expect_err("no finite object");
    assert!(err.message.contains("includes itself"), "{err}");
    assert!(err.pointer.starts_with("#/components/schemas/A"), "{err}");
}

#[test]
fn an_all_of_that_includes_itself_is_an_error_not_a_crash() {
    // Found by the property test: this used to recurse until the stack overflowed.
    let yaml = format!(
        "{}components:\n  schemas:\n    A:\n      allOf:\n        - {{$ref: '#/components/schemas/B'}}\n        - {{type: object, properties: {{x: {{type: string}}}}}}\n    B:\n      allOf:\n        - {{$ref: '#/components/schemas/A'}}\n        - {{type: object, properties: {{y: {{type: string}}}}}}\n",
        spec("/a:\n  get:\n    responses: {'200': {description: ok}}\n")
    );
    let err = run(&yaml).expect_err("no finite object");
    assert!(err.message.contains("includes itself"), "{err}");
    assert!(err.pointer.starts_with("#/components/schemas/"), "{err}");
}

#[test]
fn output_does_not_depend_on_the_order_inputs_are_named_in() {
    let a = Document {
        file: "a.yaml".to_owned(),
        tree: serde_yaml::from_str(&spec("/a:\n  get:\n    operationId: same_name\n    tags: [x]\n    responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {v: {type: string}}}}}}}\n")).expect("yaml"),
    };
    let b = Document {
        file: "b.yaml".to_owned(),
        tree: serde_yaml::from_str(&spec("/b:\n  get:\n    operationId: same_name\n    tags: [x]\n    responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {w: {type: string}}}}}}}\n")).expect("yaml"),
    };
    let config = Config::for_crate("t");
    let forward = generator::generate(vec![a.clone(), b.clone()], &config, EmitOptions::default()).expect("generates");
    let backward = generator::generate(vec![b, a], &config, EmitOptions::default()).expect("generates");
    assert_eq!(forward.files, backward.files);
}

#[test]
fn an_inline_all_of_that_includes_its_own_container_becomes_a_recursive_type() {
    // Found by the property test in CI: `Item.extended` merges `Item` itself, whose
    // properties hold `extended` again; each level used to make a new type, without end.
    let yaml = format!(
        "{}components:\n  schemas:\n    Item:\n      type: object\n      properties:\n        name: {{type: string}}\n        extended:\n          allOf:\n            - {{$ref: '#/components/schemas/Item'}}\n            - {{type: object, properties: {{extra: {{type: integer}}}}}}\n",
        spec(
            "/a:\n  get:\n    responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}}}\n"
        )
    );
    let generated = run(&yaml).expect("generates");
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("pub struct ItemExtended"), "{types}");
    // The merged struct refers to itself through `extended`, boxed.
    assert!(types.contains("pub extended: Option<Box<ItemExtended>>"), "{types}");
}

#[test]
fn identical_shapes_are_emitted_once_and_the_others_alias_the_first() {
    let yaml = format!(
        "{}components:\n  schemas:\n{}",
        spec(
            "/a:\n  get:\n    responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/PaintA'}}}}}\n"
        ),
        [
            "ColorA: {type: string, enum: [red, green], description: one}",
            "ColorB: {type: string, enum: [red, green], description: another}",
            "PaintA: {type: object, required: [color], properties: {color: {$ref: '#/components/schemas/ColorA'}, name: {type: string}}}",
            "PaintB: {type: object, required: [color], properties: {color: {$ref: '#/components/schemas/ColorB'}, name: {type: string, description: docs differ}}}",
            "PaintC: {type: object, required: [color], properties: {color: {$ref: '#/components/schemas/ColorA'}, title: {type: string}}}",
            "PaintD: {type: object, properties: {color: {$ref: '#/components/schemas/ColorA'}, name: {type: string}}}",
        ]
        .map(|line| format!("    {line}\n"))
        .concat()
    );
    let generated = run(&yaml).expect("generates");
    let types = &generated.files["src/types.rs"];
    assert!(types.contains("pub type ColorB = ColorA;"), "{types}");
    // `PaintB` differs from `PaintA` only in naming `ColorB`, which is `ColorA`.
    assert!(types.contains("pub type PaintB = PaintA;"), "{types}");
    // Another wire name, or `color` optional: other shapes, their own types.
    assert!(types.contains("pub struct PaintC"), "{types}");
    assert!(types.contains("pub struct PaintD"), "{types}");
    // Each alias keeps its own documentation.
    assert!(types.contains("// spec: #/components/schemas/ColorB\n/// another\n///\n/// The same shape"), "{types}");
}

#[test]
fn an_xml_only_body_skips_the_operation_and_xml_beside_json_is_left_out() {
    let generated = run(&spec(
        "/a:\n  post:\n    operationId: a\n    requestBody: {content: {application/xml: {schema: {type: object}}, text/xml: {}}}\n    responses: {'204': {description: ok}}\n\
/b:\n  post:\n    operationId: b\n    requestBody: {content: {application/xml: {schema: {type: object}}, application/json: {schema: {type: object}}}}\n    responses: {'204': {description: ok}}\n",
    ))
    .expect("generation goes on");
    assert_eq!(generated.operations, 1);
    assert_eq!(generated.skipped_operations.len(), 1, "XML beside JSON is not reported");
    let skipped = &generated.skipped_operations[0];
    assert_eq!(skipped.pointer, "#/paths/~1a/post/requestBody");
    assert!(skipped.message.contains("XML bodies are not supported"), "{skipped}");
    assert!(generated.methods.contains_key(&("POST".to_owned(), "/b".to_owned())));
}

#[test]
fn the_extra_methods_of_other_bodies_take_part_in_name_collisions() {
    let generated = run(&spec(
        "/a:\n  post:\n    operationId: upload_file\n    x-fern-sdk-method-name: upload\n    requestBody: {content: {application/json: {schema: {type: object}}, text/plain: {schema: {type: string}}}}\n    responses: {'204': {description: ok}}\n\
/b:\n  post:\n    operationId: upload_text\n    x-fern-sdk-method-name: upload_with_text\n    requestBody: {content: {application/json: {schema: {type: object}}}}\n    responses: {'204': {description: ok}}\n",
    ))
    .expect("generates");
    // `upload`'s text method would be `upload_with_text`, like `/b`: both move to their operationIds.
    assert_eq!(name_of(&generated, "POST", "/a").1, "upload_file");
    assert_eq!(name_of(&generated, "POST", "/b").1, "upload_text");
    let api = &generated.files["src/api.rs"];
    for name in ["upload_file", "upload_file_with_text", "upload_text"] {
        assert!(api.contains(&format!("pub fn {name}(")), "{name} is generated");
    }
    assert!(!api.contains("pub fn upload_with_text("));
}

#[test]
fn a_multipart_alternative_needs_a_schema_of_its_own() {
    let yaml = format!(
        "{}components:\n  schemas:\n    Doc:\n      type: object\n      properties:\n        title: {{type: string}}\n",
        spec(
            "/a:\n  post:\n    operationId: a\n    requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Doc'}}, multipart/form-data: {schema: {$ref: '#/components/schemas/Doc'}}}}\n    responses: {'204': {description: ok}}\n\
/b:\n  post:\n    operationId: b\n    requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Doc'}}, multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}}}\n    responses: {'204': {description: ok}}\n\
/c:\n  post:\n    operationId: c\n    requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Doc'}}, multipart/form-data: {schema: {allOf: [{anyOf: [{$ref: '#/components/schemas/Doc'}, {type: object, properties: {id: {type: string}}}]}, {type: object, properties: {file: {type: string, format: binary}}}]}}}}\n    responses: {'204': {description: ok}}\n"
        )
    );
    let generated = run(&yaml).expect("generates");
    let api = &generated.files["src/api.rs"];
    // `Doc` is a JSON struct; a form of the same schema would be a second type of one name.
    assert!(!api.contains("pub fn a_with_multipart("));
    assert!(api.contains("pub fn b_with_multipart("));
    // A union is no form (Discord: `allOf: [anyOf: [..], {file}]`): no multipart method,
    // the JSON one stays.
    assert!(api.contains("pub fn c(") && !api.contains("pub fn c_with_multipart("));
    assert!(generated.skipped_operations.is_empty());
}

#[test]
fn the_auth_style_follows_the_security_schemes() {
    let style = |schemes: &str| {
        let yaml = format!(
            "{}components:\n  securitySchemes:\n{schemes}",
            spec("/a:\n  get:\n    responses: {'200': {description: ok}}\n")
        );
        let generated = run(&yaml).expect("generates");
        let client = &generated.files["src/client.rs"];
        let at = client.find("auth: ").expect("the auth setting");
        client[at..].lines().next().unwrap_or_default().to_owned()
    };
    let basic = "    creds: {type: http, scheme: Basic}\n";
    let bearer = "    token: {type: http, scheme: bearer}\n";
    let key = "    key: {type: apiKey, in: header, name: X-Key}\n";
    assert_eq!(style(basic), "auth: crate::runtime::AuthStyle::Basic,");
    // A token where the API offers both; an API-key header before either.
    assert_eq!(style(&format!("{basic}{bearer}")), "auth: crate::runtime::AuthStyle::Bearer,");
    assert_eq!(style(&format!("{basic}{key}")), "auth: crate::runtime::AuthStyle::Header(\"x-key\"),");
}

/// The model of a one-file spec under a config.
fn model(yaml: &str, config: &Config) -> generator::model::Api {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("t.yaml");
    std::fs::write(&file, yaml).expect("write");
    generator::model_and_document(&[file], config).expect("models").0
}

#[test]
fn a_key_in_the_query_and_every_scheme_s_credentials_come_from_the_document() {
    use generator::model::KeyStyle;
    let api = |schemes: &str| {
        let yaml = format!(
            "{}components:\n  securitySchemes:\n{schemes}",
            spec("/a:\n  get:\n    responses: {'200': {description: ok}}\n")
        );
        model(&yaml, &Config::for_crate("t")).auth
    };
    let query = "    q: {type: apiKey, in: query, name: api_key}\n    q2: {type: apiKey, in: query, name: token}\n";
    let cookie = "    c: {type: apiKey, in: cookie, name: session}\n";
    let header =
        "    h: {type: apiKey, in: header, name: X-Key}\n    h2: {type: apiKey, in: header, name: X-Other-Key}\n";
    let bearer = "    b: {type: http, scheme: bearer}\n";
    let auth = api(&format!("{query}{cookie}"));
    assert_eq!(auth.style, KeyStyle::Query("api_key".into()), "the first query scheme, when nothing else says how");
    assert_eq!(auth.credentials.query, ["api_key", "token"]);
    assert!(auth.credentials.headers.is_empty(), "a cookie needs no name: the whole Cookie header is a credential");
    // A declared `http` scheme says the key is a token; the query names are credentials still.
    let auth = api(&format!("{query}{bearer}"));
    assert_eq!((auth.style, auth.credentials.query.len()), (KeyStyle::Bearer, 2));
    let auth = api(&format!("{header}{query}"));
    assert_eq!(auth.style, KeyStyle::Header("X-Key".into()));
    assert_eq!(auth.credentials.headers, ["x-key", "x-other-key"], "every header scheme, lower case");
    // The configured header is a credential too, with no scheme at all (ElevenLabs).
    let mut config = Config::for_crate("t");
    config.client.auth = Some(generator::config::AuthConfig { header: Some("XI-Api-Key".into()), env: None });
    let auth = model(&spec("/a:\n  get:\n    responses: {'200': {description: ok}}\n"), &config).auth;
    assert_eq!(auth.credentials.headers, ["xi-api-key"]);
}

#[test]
fn an_operation_that_declares_an_idempotency_header_is_marked_with_it() {
    let yaml = spec(
        "/orders:\n  post:\n    operationId: order\n    parameters:\n      - {name: Idempotency-Key, in: header, schema: {type: string}}\n    responses: {'200': {description: ok}}\n\
/legacy:\n  post:\n    operationId: legacy\n    parameters:\n      - {name: x-idempotency-key, in: header, schema: {type: string}}\n    responses: {'200': {description: ok}}\n\
/custom:\n  post:\n    operationId: custom\n    parameters:\n      - {name: X-Request-Once, in: header, schema: {type: string}}\n    responses: {'200': {description: ok}}\n\
/query:\n  post:\n    operationId: query\n    parameters:\n      - {name: idempotency-key, in: query, schema: {type: string}}\n    responses: {'200': {description: ok}}\n",
    );
    let marks = |config: &Config| {
        let api = model(&yaml, config);
        let mut marks: Vec<(String, Option<String>)> = api
            .groups
            .iter()
            .flat_map(|g| &g.methods)
            .map(|m| (m.name.clone(), m.idempotency_header.clone()))
            .collect();
        marks.sort();
        marks
    };
    let some = |name: &str| Some(name.to_owned());
    assert_eq!(
        marks(&Config::for_crate("t")),
        [
            ("custom".into(), None),
            ("legacy".into(), some("x-idempotency-key")),
            ("order".into(), some("Idempotency-Key")),
            ("query".into(), None)
        ],
        "the two usual header names, in any case; never a query parameter"
    );
    let mut config = Config::for_crate("t");
    config.client.idempotency_headers = vec!["x-request-once".into()];
    assert_eq!(marks(&config)[0], ("custom".into(), some("X-Request-Once")), "a name generator.yaml gives");
}

#[test]
fn a_const_property_is_a_constant_of_the_struct_and_a_one_value_enum_a_field() {
    let yaml = format!(
        "{}components:\n  schemas:\n    Tool:\n      type: object\n      required: [kind, name]\n      properties:\n{}",
        spec("/a:\n  get:\n    responses: {'200': {description: ok}}\n"),
        "        kind: {type: string, const: client}\n\
        \x20       mode: {type: string, const: fast, default: fast}\n\
        \x20       name: {type: string}\n\
        \x20       flavour: {type: string, const: plain}\n\
        \x20       model: {type: string, enum: [v2], default: v2}\n\
        \x20       tag: {type: [string, 'null'], const: x, default: x}\n"
    );
    let generated = run(&yaml).expect("generates");
    let types = &generated.files["src/types.rs"];
    let glue = &types[types.find("object!(Tool {").expect("the Tool glue")..];
    let glue = &glue[..glue.find("});").expect("its end")];
    // Required, or defaulting to its value: written always, no field.
    assert!(glue.contains("const \"kind\" = \"client\","), "{glue}");
    assert!(glue.contains("const \"mode\" = \"fast\","), "{glue}");
    // Optional without that default (absent may mean something else), a one-value `enum` (a
    // choice that may grow) and a nullable constant stay fields.
    for field in ["pub flavour: Option<", "pub model: Option<", "pub tag: crate::Nullable<", "pub name: String"] {
        assert!(types.contains(field), "{field}");
    }
    assert!(!types.contains("pub kind:") && !types.contains("pub mode:"), "{types}");
}

/// Error decoders are named by what they decode: describing one more error body for one
/// operation adds a decoder and changes that operation's method only, not every method after
/// it in some numbering.
#[test]
fn a_new_error_schema_touches_only_the_methods_that_use_it() {
    let operation = |name: &str, extra: &str| {
        format!(
            "  post:\n    operationId: {name}\n    responses:\n      '204': {{description: ok}}\n      '422': {{description: bad, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Invalid'}}}}}}}}\n{extra}"
        )
    };
    let document = |extra: &str| {
        let paths =
            format!("/a:\n{}/b:\n{}/c:\n{}", operation("alpha", ""), operation("beta", extra), operation("gamma", ""),);
        let components = "components:\n  schemas:\n    Invalid: {type: object, properties: {detail: {type: string}}}\n    Conflict: {type: object, properties: {reason: {type: string}}}\n";
        format!("{}{components}", spec(&paths))
    };
    let before = run(&document("")).expect("generates");
    let conflict = "      '409': {description: taken, content: {application/json: {schema: {$ref: '#/components/schemas/Conflict'}}}}\n";
    let after = run(&document(conflict)).expect("generates");
    let (old, new) = (&before.files["src/api.rs"], &after.files["src/api.rs"]);
    let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
    let changed: Vec<String> = diff
        .iter_all_changes()
        .filter(|c| c.tag() != similar::ChangeTag::Equal)
        .map(|c| format!("{}{}", c.tag(), c.value().trim()))
        .collect();
    assert_eq!(
        changed,
        ["-Some(crate::errors::decode_invalid),", "+Some(crate::errors::decode_conflict_or_invalid),",],
        "only `beta` changes"
    );
    let uses = |text: &str, decoder: &str| text.matches(&format!("crate::errors::{decoder})")).count();
    assert_eq!((uses(old, "decode_invalid"), uses(new, "decode_invalid")), (3, 2));
    assert!(after.files["src/errors.rs"].contains("pub(crate) fn decode_conflict_or_invalid("));
}

/// One feature per top-level group: a type is behind the features of the groups that reach
/// it (through fields and aliases), and always there when the root's own operations or no
/// operation reach it (with all it holds); a crate with one group gets no features.
#[test]
fn each_type_is_behind_the_features_of_the_groups_that_reach_it() {
    let op = |group: &str, id: &str, schema: &str| {
        format!(
            "    post:\n      operationId: {id}\n{group}      requestBody:\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/{schema}'}}\n      responses:\n        '204': {{description: done}}\n"
        )
    };
    let grouped = |g: &str| format!("      x-fern-sdk-group-name: {g}\n");
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /speech:\n{}  /voices:\n{}  /both:\n{}  /root:\n{}\
         components:\n  schemas:\n\
         \x20   Speech: {{type: object, properties: {{voice: {{$ref: '#/components/schemas/Voice'}}}}}}\n\
         \x20   Voice: {{type: object, properties: {{name: {{type: string}}}}}}\n\
         \x20   Library: {{type: object, properties: {{voices: {{type: array, items: {{$ref: '#/components/schemas/Voice'}}}}, mine: {{$ref: '#/components/schemas/Mine'}}}}}}\n\
         \x20   Mine: {{type: object, properties: {{id: {{type: string}}}}}}\n\
         \x20   Ping: {{type: object, properties: {{at: {{type: string}}}}}}\n\
         \x20   Unused: {{type: object, properties: {{held: {{$ref: '#/components/schemas/Held'}}}}}}\n\
         \x20   Held: {{type: object, properties: {{n: {{type: integer}}}}}}\n",
        op(&grouped("text_to_speech"), "speak", "Speech"),
        op(&grouped("voices"), "add_voice", "Library"),
        op(&grouped("voices"), "add_voice_again", "Voice"),
        op("", "ping", "Ping"),
    );
    let api = model(&spec, &Config::for_crate("t"));
    assert_eq!(api.features, ["text-to-speech", "voices"]);
    let features = |name: &str| api.types.iter().find(|t| t.name == name).map(|t| t.features.clone()).expect(name);
    assert_eq!(features("Speech"), ["text-to-speech"]);
    assert_eq!(features("Library"), ["voices"]);
    assert_eq!(features("Mine"), ["voices"], "held by a type of the group");
    assert!(features("Voice").is_empty(), "reached by every group: always there");
    assert!(features("Ping").is_empty(), "the root's own operation");
    assert!(features("Unused").is_empty() && features("Held").is_empty(), "no operation reaches them");

    let one = spec.replace("text_to_speech", "voices");
    assert!(model(&one, &Config::for_crate("t")).features.is_empty(), "one group: no features");
}

/// Error decoders are private: one a root operation uses is always there; one every group
/// uses is behind every feature (never compiled unused); a group named like a feature cargo
/// or the crate already has gets `-api` after its name.
#[test]
fn error_decoders_follow_their_methods_and_feature_names_avoid_reserved_ones() {
    let op = |group: &str, id: &str| {
        format!(
            "    get:\n      operationId: {id}\n      x-fern-sdk-group-name: {group}\n      responses:\n        '204': {{description: done}}\n        '422': {{description: bad, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Invalid'}}}}}}}}\n"
        )
    };
    let root = "    get:\n      operationId: ping\n      responses:\n        '204': {description: done}\n        '422': {description: bad, content: {application/json: {schema: {$ref: '#/components/schemas/Invalid'}}}}\n";
    let invalid = "components:\n  schemas:\n    Invalid: {type: object, properties: {detail: {type: string}}}\n";
    let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n";
    let grouped = format!("{head}  /a:\n{}  /b:\n{}{invalid}", op("tracing", "a"), op("voices", "b"));
    let api = model(&grouped, &Config::for_crate("t"));
    assert_eq!(api.features, ["tracing-api", "voices"]);
    assert_eq!(api.errors.decoders[0].features, ["tracing-api", "voices"], "every group: behind all of them");
    let with_root = format!("{head}  /a:\n{}  /b:\n{}  /ping:\n{root}{invalid}", op("tracing", "a"), op("voices", "b"));
    let api = model(&with_root, &Config::for_crate("t"));
    assert!(api.errors.decoders[0].features.is_empty(), "a root operation's decoder is always there");
}
