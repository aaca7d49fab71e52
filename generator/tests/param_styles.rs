//! The runtime's parameter styles (`runtime/style.rs`, compiled here on its own): the
//! OpenAPI 3.0.3 "Style Examples" table row by row, escaping, and the bracket form of
//! form bodies.

#[allow(dead_code)]
#[path = "../runtime/style.rs"]
mod style;

use serde_json::{Value, json};
use style::*;

fn query(value: Value, style: Style, explode: bool) -> String {
    let mut out = Vec::new();
    pairs("color", &value, style, explode, verbatim, &mut out);
    out.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
}

fn path(value: Value, style: Style, explode: bool) -> Option<String> {
    expand("color", &value, style, explode, path_escape)
}

fn table() -> [Value; 3] {
    [json!("blue"), json!(["blue", "black", "brown"]), json!({"R": 100, "G": 200, "B": 150})]
}

#[test]
fn form_style() {
    let [s, a, o] = table();
    assert_eq!(query(s.clone(), Style::Form, false), "color=blue");
    assert_eq!(query(a.clone(), Style::Form, false), "color=blue,black,brown");
    assert_eq!(query(o.clone(), Style::Form, false), "color=B,150,G,200,R,100");
    assert_eq!(query(s, Style::Form, true), "color=blue");
    assert_eq!(query(a, Style::Form, true), "color=blue&color=black&color=brown");
    assert_eq!(query(o, Style::Form, true), "B=150&G=200&R=100");
    assert_eq!(query(json!(""), Style::Form, true), "color=");
    assert_eq!(query(Value::Null, Style::Form, true), "");
    assert_eq!(query(json!([]), Style::Form, false), "");
}

#[test]
fn delimited_and_deep_object_styles() {
    let [_, a, o] = table();
    assert_eq!(query(a.clone(), Style::SpaceDelimited, false), "color=blue black brown");
    assert_eq!(query(o.clone(), Style::SpaceDelimited, false), "color=B 150 G 200 R 100");
    assert_eq!(query(a.clone(), Style::PipeDelimited, false), "color=blue|black|brown");
    assert_eq!(query(o.clone(), Style::PipeDelimited, false), "color=B|150|G|200|R|100");
    assert_eq!(query(a, Style::PipeDelimited, true), "color=blue&color=black&color=brown");
    assert_eq!(query(o, Style::DeepObject, true), "color[B]=150&color[G]=200&color[R]=100");
    assert_eq!(query(json!(3), Style::DeepObject, true), "color=3");
    assert_eq!(
        query(json!({"a": [1, 2], "b": {"c": null, "d": true}}), Style::DeepObject, true),
        "color[a][]=1&color[a][]=2&color[b][d]=true"
    );
    assert_eq!(query(json!({"a": 1}), Style::Json, false), "color={\"a\":1}");
}

#[test]
fn path_and_header_styles() {
    let [s, a, o] = table();
    assert_eq!(path(s.clone(), Style::Simple, false).unwrap(), "blue");
    assert_eq!(path(a.clone(), Style::Simple, false).unwrap(), "blue,black,brown");
    assert_eq!(path(o.clone(), Style::Simple, false).unwrap(), "B,150,G,200,R,100");
    assert_eq!(path(o.clone(), Style::Simple, true).unwrap(), "B=150,G=200,R=100");
    assert_eq!(path(s.clone(), Style::Label, false).unwrap(), ".blue");
    assert_eq!(path(a.clone(), Style::Label, false).unwrap(), ".blue.black.brown");
    assert_eq!(path(a.clone(), Style::Label, true).unwrap(), ".blue.black.brown");
    assert_eq!(path(o.clone(), Style::Label, false).unwrap(), ".B.150.G.200.R.100");
    assert_eq!(path(o.clone(), Style::Label, true).unwrap(), ".B=150.G=200.R=100");
    assert_eq!(path(s, Style::Matrix, false).unwrap(), ";color=blue");
    assert_eq!(path(a.clone(), Style::Matrix, false).unwrap(), ";color=blue,black,brown");
    assert_eq!(path(a, Style::Matrix, true).unwrap(), ";color=blue;color=black;color=brown");
    assert_eq!(path(o.clone(), Style::Matrix, false).unwrap(), ";color=B,150,G,200,R,100");
    assert_eq!(path(o, Style::Matrix, true).unwrap(), ";B=150;G=200;R=100");
    assert_eq!(path(Value::Null, Style::Label, false).unwrap(), ".");
    assert_eq!(path(Value::Null, Style::Matrix, false).unwrap(), ";color");
    assert_eq!(path(Value::Null, Style::Simple, false), None);
}

#[test]
fn path_values_are_escaped_but_delimiters_are_not() {
    assert_eq!(path(json!(["a,b", "c;d=e/f"]), Style::Matrix, true).unwrap(), ";color=a%2Cb;color=c%3Bd%3De%2Ff");
    assert_eq!(path(json!("x y%é"), Style::Label, false).unwrap(), ".x%20y%25%C3%A9");
    assert_eq!(path(json!("@me:1"), Style::Simple, false).unwrap(), "@me:1");
    assert_eq!(path_literal_escape("a b;v=1,2"), "a%20b;v=1,2");
}

#[test]
fn cookie_values_are_escaped_but_delimiters_are_not() {
    let mut out = Vec::new();
    pairs("id s", &json!(["a b", "c;d"]), Style::Form, false, cookie_escape, &mut out);
    assert_eq!(out, [("id%20s".to_owned(), "a%20b,c%3Bd".to_owned())]);
}

#[test]
fn form_bodies_use_brackets_for_nested_values() {
    let body = json!({
        "to": {"name": "Ann", "address": {"line": "1 Main"}},
        "tags": ["a", "b"],
        "items": [{"sku": "x", "qty": 2}, {"sku": "y"}],
        "gone": null,
        "n": 1.5
    });
    assert_eq!(
        form_body(&body, &[]).unwrap(),
        "items%5B0%5D%5Bqty%5D=2&items%5B0%5D%5Bsku%5D=x&items%5B1%5D%5Bsku%5D=y&n=1.5&tags=a&tags=b\
         &to%5Baddress%5D%5Bline%5D=1+Main&to%5Bname%5D=Ann"
    );
    assert_eq!(form_body(&body, &[("tags", Style::Form, false)]).unwrap().split('&').nth(4).unwrap(), "tags=a%2Cb");
    assert_eq!(form_body(&json!([1]), &[]), None);
    let mut out = Vec::new();
    form_pairs("tags", &json!(["a", "b"]), Style::Form, false, &mut out);
    assert_eq!(out, [("tags".to_owned(), "a,b".to_owned())]);
    let mut out = Vec::new();
    form_pairs("tags", &json!(["a", "b"]), Style::DeepObject, true, &mut out);
    assert_eq!(out, [("tags[]".to_owned(), "a".to_owned()), ("tags[]".to_owned(), "b".to_owned())]);
}
