use serde_json::{Value, json};

use super::{Converted, to_openapi};
use crate::bundle;
use crate::load::Document;

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| Value::String(format!("bad test YAML: {e}")))
}

/// The converted tree of a 2.0 document written as `text` (with `swagger: '2.0'` added).
fn convert(text: &str) -> Converted {
    to_openapi("s.yaml", yaml(&format!("swagger: '2.0'\n{text}")))
        .unwrap_or_else(|e| Converted { tree: Value::String(format!("conversion failed: {e}")), moves: Vec::new() })
}

fn tree(text: &str) -> Value {
    convert(text).tree
}

fn at<'t>(tree: &'t Value, pointer: &str) -> &'t Value {
    tree.pointer(pointer).unwrap_or(&Value::Null)
}

#[test]
fn definitions_become_component_schemas_and_refs_follow() {
    let t = tree(
        "paths: {}\ndefinitions:\n  Pet:\n    type: object\n    properties:\n      owner: {$ref: '#/definitions/Owner'}\n      default: {$ref: '#/definitions/Owner'}\n    example: {$ref: '#/definitions/Owner'}\n  Owner: {type: string}\n",
    );
    assert_eq!(t["openapi"], json!("3.0.3"));
    assert_eq!(at(&t, "/components/schemas/Pet/properties/owner/$ref"), &json!("#/components/schemas/Owner"));
    // A property named `default` is a schema; an `example` is data.
    assert_eq!(at(&t, "/components/schemas/Pet/properties/default/$ref"), &json!("#/components/schemas/Owner"));
    assert_eq!(at(&t, "/components/schemas/Pet/example/$ref"), &json!("#/definitions/Owner"));
    assert!(t.get("definitions").is_none() && t.get("swagger").is_none());
}

#[test]
fn a_body_parameter_is_the_request_body_per_consumes() {
    let t = tree(
        "consumes: [application/json, application/xml]\npaths:\n  /pets:\n    post:\n      parameters:\n        - {name: pet, in: body, required: true, description: The pet., schema: {$ref: '#/definitions/Pet'}}\n        - {name: dry, in: query, type: boolean}\n      responses: {'200': {description: ok}}\n    put:\n      consumes: [text/plain]\n      parameters:\n        - {$ref: '#/parameters/PetBody'}\n      responses: {'200': {description: ok}}\nparameters:\n  PetBody: {name: pet, in: body, schema: {type: string}}\n  Limit: {name: limit, in: query, type: integer}\ndefinitions:\n  Pet: {type: object}\n",
    );
    let body = at(&t, "/paths/~1pets/post/requestBody");
    assert_eq!(body["required"], json!(true));
    assert_eq!(body["description"], json!("The pet."));
    assert_eq!(body["content"]["application/json"]["schema"]["$ref"], json!("#/components/schemas/Pet"));
    assert_eq!(body["content"]["application/xml"]["schema"]["$ref"], json!("#/components/schemas/Pet"));
    assert_eq!(
        at(&t, "/paths/~1pets/post/parameters"),
        &json!([{"name": "dry", "in": "query", "schema": {"type": "boolean"}}])
    );
    // A body parameter component is inlined where used, with the operation's consumes.
    assert_eq!(at(&t, "/paths/~1pets/put/requestBody/content"), &json!({"text/plain": {"schema": {"type": "string"}}}));
    assert!(at(&t, "/paths/~1pets/put/parameters").is_null());
    assert!(at(&t, "/components/parameters/PetBody").is_null());
    assert_eq!(
        at(&t, "/components/parameters/Limit"),
        &json!({"name": "limit", "in": "query", "schema": {"type": "integer"}})
    );
}

#[test]
fn form_parameters_are_one_object_multipart_with_a_file() {
    let t = tree(
        "paths:\n  /upload:\n    post:\n      parameters:\n        - {name: file, in: formData, type: file, required: true}\n        - {name: tags, in: formData, type: array, items: {type: string}, collectionFormat: multi}\n        - {name: note, in: formData, type: string, description: A note.}\n      responses: {'200': {description: ok}}\n  /login:\n    post:\n      consumes: [application/x-www-form-urlencoded]\n      parameters:\n        - {name: user, in: formData, type: string}\n        - {name: roles, in: formData, type: array, items: {type: string}}\n      responses: {'200': {description: ok}}\n",
    );
    let media = at(&t, "/paths/~1upload/post/requestBody/content/multipart~1form-data");
    assert_eq!(media["schema"]["properties"]["file"], json!({"type": "string", "format": "binary"}));
    assert_eq!(media["schema"]["properties"]["note"], json!({"type": "string", "description": "A note."}));
    assert_eq!(media["schema"]["required"], json!(["file"]));
    assert!(media.get("encoding").is_none(), "multi is form's default: {media}");
    assert_eq!(at(&t, "/paths/~1upload/post/requestBody/required"), &json!(true));
    let form = at(&t, "/paths/~1login/post/requestBody/content/application~1x-www-form-urlencoded");
    assert_eq!(form["schema"]["properties"]["user"], json!({"type": "string"}));
    assert_eq!(form["encoding"], json!({"roles": {"style": "form", "explode": false}}));
}

#[test]
fn collection_formats_become_styles() {
    let t = tree(
        "paths:\n  /a/{ids}:\n    get:\n      parameters:\n        - {name: ids, in: path, required: true, type: array, items: {type: integer}}\n        - {name: csv, in: query, type: array, items: {type: string}}\n        - {name: multi, in: query, type: array, items: {type: string}, collectionFormat: multi}\n        - {name: ssv, in: query, type: array, items: {type: string}, collectionFormat: ssv}\n        - {name: pipes, in: query, type: array, items: {type: string}, collectionFormat: pipes}\n        - {name: h, in: header, type: array, items: {type: string}, collectionFormat: csv}\n      responses: {'200': {description: ok}}\n",
    );
    let styles: Vec<(Value, Value)> = at(&t, "/paths/~1a~1{ids}/get/parameters")
        .as_array()
        .map(|list| list.iter().map(|p| (p["style"].clone(), p["explode"].clone())).collect())
        .unwrap_or_default();
    assert_eq!(
        styles,
        [
            (json!("simple"), json!(false)),
            (json!("form"), json!(false)),
            (json!("form"), json!(true)),
            (json!("spaceDelimited"), json!(false)),
            (json!("pipeDelimited"), json!(false)),
            (json!("simple"), json!(false)),
        ]
    );
    let p = at(&t, "/paths/~1a~1{ids}/get/parameters/0");
    assert_eq!(p["schema"], json!({"type": "array", "items": {"type": "integer"}}));
    assert!(p.get("collectionFormat").is_none() && p.get("type").is_none());
}

#[test]
fn tsv_and_path_delimiters_are_refused_at_the_parameter() {
    for (location, format) in [("query", "tsv"), ("path", "pipes"), ("header", "multi")] {
        let text = format!(
            "swagger: '2.0'\npaths:\n  /a/{{x}}:\n    get:\n      parameters:\n        - {{name: x, in: {location}, required: true, type: array, items: {{type: string}}, collectionFormat: {format}}}\n      responses: {{'200': {{description: ok}}}}\n"
        );
        let err = to_openapi("s.yaml", yaml(&text)).unwrap_err();
        assert_eq!(err.pointer, "#/paths/~1a~1{x}/get/parameters/0/collectionFormat");
        assert!(err.message.contains(format) && err.hint.is_some(), "{err}");
    }
}

#[test]
fn parameter_keywords_move_into_the_schema() {
    let t = tree(
        "paths:\n  /a:\n    get:\n      parameters:\n        - {name: n, in: query, type: integer, format: int32, minimum: 1, maximum: 9, default: 3, enum: [1, 3], x-nullable: true, allowEmptyValue: true, x-own: k}\n      responses: {'200': {description: ok}}\n",
    );
    assert_eq!(
        at(&t, "/paths/~1a/get/parameters/0"),
        &json!({"name": "n", "in": "query", "allowEmptyValue": true, "x-own": "k", "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 9, "default": 3, "enum": [1, 3], "nullable": true}})
    );
}

#[test]
fn servers_from_host_base_path_and_schemes() {
    let servers = |text: &str| tree(&format!("paths: {{}}\n{text}"))["servers"].clone();
    assert_eq!(
        servers("host: api.x.com\nbasePath: /v1/\nschemes: [http, https]\n"),
        json!([{"url": "http://api.x.com/v1"}, {"url": "https://api.x.com/v1"}])
    );
    assert_eq!(servers("host: api.x.com\n"), json!([{"url": "https://api.x.com"}]));
    assert_eq!(servers("basePath: /api/v2/\n"), json!([{"url": "/api/v2"}]));
    assert_eq!(
        servers("host: h\nbasePath: https://other.example/api\n"),
        json!([{"url": "https://other.example/api"}])
    );
    assert_eq!(servers(""), Value::Null);
}

#[test]
fn security_definitions_become_security_schemes() {
    let t = tree(
        "paths: {}\nsecurity: [{key: []}]\nsecurityDefinitions:\n  key: {type: apiKey, name: X-Key, in: header}\n  query: {type: apiKey, name: token, in: query}\n  basic: {type: basic, description: B.}\n  implicit: {type: oauth2, flow: implicit, authorizationUrl: 'https://a/auth', scopes: {read: Read.}}\n  password: {type: oauth2, flow: password, tokenUrl: 'https://a/token'}\n  app: {type: oauth2, flow: application, tokenUrl: 'https://a/token'}\n  code: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a/auth', tokenUrl: 'https://a/token'}\n",
    );
    let schemes = at(&t, "/components/securitySchemes");
    assert_eq!(schemes["key"], json!({"type": "apiKey", "name": "X-Key", "in": "header"}));
    assert_eq!(schemes["query"]["in"], json!("query"));
    assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic", "description": "B."}));
    assert_eq!(
        schemes["implicit"]["flows"],
        json!({"implicit": {"authorizationUrl": "https://a/auth", "scopes": {"read": "Read."}}})
    );
    assert_eq!(schemes["password"]["flows"], json!({"password": {"tokenUrl": "https://a/token", "scopes": {}}}));
    assert_eq!(schemes["app"]["flows"], json!({"clientCredentials": {"tokenUrl": "https://a/token", "scopes": {}}}));
    assert_eq!(
        schemes["code"]["flows"],
        json!({"authorizationCode": {"authorizationUrl": "https://a/auth", "tokenUrl": "https://a/token", "scopes": {}}})
    );
    assert_eq!(t["security"], json!([{"key": []}]));
}

#[test]
fn responses_take_content_headers_and_binary_files() {
    let t = tree(
        "produces: [application/json]\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: '#/definitions/A'}\n          examples: {application/json: {a: 1}}\n          headers:\n            X-Rate: {type: integer, format: int32, description: Left.}\n        default: {$ref: '#/responses/Error'}\n  /file:\n    get:\n      produces: [application/json, application/zip]\n      responses:\n        '200': {description: ok, schema: {type: file}}\n  /raw:\n    get:\n      responses:\n        '200': {description: ok, schema: {type: file}}\nresponses:\n  Error: {description: bad, schema: {type: object, properties: {m: {type: string, x-nullable: true}}}}\ndefinitions:\n  A: {type: object}\n",
    );
    let ok = at(&t, "/paths/~1a/get/responses/200");
    assert_eq!(
        ok["content"]["application/json"],
        json!({"schema": {"$ref": "#/components/schemas/A"}, "example": {"a": 1}})
    );
    assert_eq!(
        ok["headers"]["X-Rate"],
        json!({"description": "Left.", "schema": {"type": "integer", "format": "int32"}})
    );
    assert!(ok.get("schema").is_none() && ok.get("examples").is_none());
    assert_eq!(at(&t, "/paths/~1a/get/responses/default/$ref"), &json!("#/components/responses/Error"));
    assert_eq!(
        at(&t, "/components/responses/Error/content/application~1json/schema/properties/m"),
        &json!({"type": "string", "nullable": true})
    );
    let binary = json!({"schema": {"type": "string", "format": "binary"}});
    assert_eq!(at(&t, "/paths/~1file/get/responses/200/content"), &json!({"application/zip": binary}));
    assert_eq!(at(&t, "/paths/~1raw/get/responses/200/content"), &json!({"application/octet-stream": binary}));
}

#[test]
fn schema_forms_x_nullable_discriminator_and_type_arrays() {
    let t = tree(
        "paths: {}\ndefinitions:\n  Pet:\n    type: object\n    discriminator: kind\n    properties:\n      kind: {type: string}\n      tag: {$ref: '#/definitions/Tag', x-nullable: true}\n      old: {type: [string, 'null']}\n      list: {type: array, items: {type: string, x-nullable: false}}\n  Tag: {type: string}\n",
    );
    let pet = at(&t, "/components/schemas/Pet");
    assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(pet["properties"]["tag"], json!({"$ref": "#/components/schemas/Tag", "nullable": true}));
    // A type array breaks 2.0's rules; it is left for normalize's OpenAPI 3.1 rules.
    assert_eq!(pet["properties"]["old"], json!({"type": ["string", "null"]}));
    assert_eq!(pet["properties"]["list"]["items"], json!({"type": "string"}));
}

#[test]
fn path_item_parameters_stay_shared_and_a_shared_body_goes_to_each_operation() {
    let t = tree(
        "paths:\n  /a/{id}:\n    parameters:\n      - {name: id, in: path, required: true, type: string}\n      - {name: body, in: body, schema: {type: object}}\n    put:\n      responses: {'200': {description: ok}}\n    get:\n      responses: {'200': {description: ok}}\n",
    );
    assert_eq!(at(&t, "/paths/~1a~1{id}/parameters/0/schema"), &json!({"type": "string"}));
    assert!(at(&t, "/paths/~1a~1{id}/parameters/1").is_null());
    assert_eq!(at(&t, "/paths/~1a~1{id}/put/requestBody/content/application~1json/schema"), &json!({"type": "object"}));
}

#[test]
fn malformed_documents_give_errors_with_places() {
    let cases = [
        ("swagger: '1.2'\n", "#/swagger"),
        ("swagger: '2.0'\npaths: []\n", "#/paths"),
        ("swagger: '2.0'\ndefinitions: 3\n", "#/definitions"),
        ("swagger: '2.0'\nconsumes: [1]\n", "#/consumes/0"),
        ("swagger: '2.0'\nhost: [a]\n", "#/host"),
        ("swagger: '2.0'\npaths: {/a: {get: 1}}\n", "#/paths/~1a/get"),
        ("swagger: '2.0'\npaths: {/a: {get: {parameters: {}}}}\n", "#/paths/~1a/get/parameters"),
        ("swagger: '2.0'\npaths: {/a: {get: {parameters: [3]}}}\n", "#/paths/~1a/get/parameters/0"),
        (
            "swagger: '2.0'\npaths: {/a: {get: {parameters: [{$ref: '#/parameters/No'}]}}}\n",
            "#/paths/~1a/get/parameters/0/$ref",
        ),
        (
            "swagger: '2.0'\npaths: {/a: {post: {parameters: [{name: a, in: body}, {name: b, in: formData, type: string}]}}}\n",
            "#/paths/~1a/post/parameters/1",
        ),
        ("swagger: '2.0'\npaths: {/a: {get: {responses: {'200': 3}}}}\n", "#/paths/~1a/get/responses/200"),
        (
            "swagger: '2.0'\npaths: {/a: {get: {responses: {'200': {headers: []}}}}}\n",
            "#/paths/~1a/get/responses/200/headers",
        ),
    ];
    for (text, pointer) in cases {
        let err = to_openapi("s.yaml", yaml(text)).unwrap_err();
        assert_eq!((err.file.as_str(), err.pointer.as_str()), ("s.yaml", pointer), "{text}: {err}");
    }
    assert!(to_openapi("s.yaml", json!([1])).is_err());
}

#[test]
fn moved_parts_are_located_at_their_2_0_places() {
    let text = "swagger: '2.0'\npaths:\n  /a:\n    post:\n      parameters:\n        - {name: q, in: query, type: string}\n        - {name: body, in: body, schema: {$ref: '#/definitions/A'}}\n        - {name: n, in: query, type: integer}\n      responses:\n        '200': {description: ok, schema: {type: object}}\ndefinitions:\n  A: {type: object, properties: {b: {type: string}}}\nparameters:\n  P: {name: p, in: query, type: integer}\nresponses:\n  R: {description: r, schema: {type: string}}\n";
    let mut doc = Document { file: "s.yaml".to_owned(), tree: yaml(text) };
    let sources = match bundle::bundle(&mut doc, None) {
        Ok(bundled) => bundled.sources,
        Err(e) => panic!("{e}"),
    };
    let place = |pointer: &str| sources.locate(pointer).map(|(file, p)| format!("{file} {p}"));
    for (converted, written) in [
        ("#/components/schemas/A/properties/b", "#/definitions/A/properties/b"),
        ("#/paths/~1a/post/parameters/1/schema", "#/paths/~1a/post/parameters/2"),
        ("#/paths/~1a/post/parameters/1/name", "#/paths/~1a/post/parameters/2/name"),
        ("#/paths/~1a/post/requestBody/content/application~1json/schema", "#/paths/~1a/post/parameters/1/schema"),
        (
            "#/paths/~1a/post/responses/200/content/application~1json/schema/type",
            "#/paths/~1a/post/responses/200/schema/type",
        ),
        ("#/components/parameters/P/schema/type", "#/parameters/P/type"),
        ("#/components/responses/R/content/application~1json/schema", "#/responses/R/schema"),
    ] {
        assert_eq!(place(converted), Some(format!("s.yaml {written}")), "{converted}");
    }
    assert_eq!(place("#/paths/~1a/post/parameters/0/name"), None);
    // A message moves to the 2.0 place without naming the converted one.
    let err = sources.relocate(crate::Error::at("s.yaml", "#/components/schemas/A", "bad"));
    assert_eq!((err.pointer.as_str(), err.message.as_str()), ("#/definitions/A", "bad"));
}
