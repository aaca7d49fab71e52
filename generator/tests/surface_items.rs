//! `SURFACE.txt` is the public API of its crate, item for item: every checked-in crate
//! (generated/ and each fixture crate) is parsed with syn, and its public items are compared
//! with those its `SURFACE.txt` lists. An item emitted but not listed, or listed but not
//! emitted, fails, with both lists' difference.
//!
//! An item is compared by what a caller relies on: its path, and its signature (argument and
//! field types, what a function returns), with crate paths and lifetimes taken out. Runtime
//! items (`runtime/`, the re-exports of `lib.rs`) and items macros make (`as_str` of string
//! enums, serde impls) are no part of it; trait impls neither.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use generator::surface::{Item, Surface};
use quote::ToTokens;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("generator/ has a parent").to_path_buf()
}

/// Every checked-in crate: the folders with a `SURFACE.txt`.
fn crates() -> Vec<PathBuf> {
    let root = repo_root();
    let mut out = vec![root.join("generated")];
    let fixtures = root.join("generator/tests/fixtures");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .expect("fixtures")
        .map(|e| e.expect("entry").path().join("client"))
        .filter(|p| p.join(generator::surface::FILE).exists())
        .collect();
    found.sort();
    out.extend(found);
    out
}

/// A type or signature as text, without spaces, crate paths or lifetimes: `crate::Call<'a,
/// crate::types::Voice, VoicesGet>` → `Call<Voice,VoicesGet>`.
fn norm(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for (from, to) in [
        ("crate::types::", ""),
        ("::std::collections::", ""),
        ("::serde_json::", "serde_json::"),
        ("crate::", ""),
        ("'static", "STATIC"),
    ] {
        out = out.replace(from, to);
    }
    // Lifetimes as generic arguments: `<'a,` and `<'_,`.
    let mut cleaned = String::new();
    let mut rest = out.as_str();
    while let Some(at) = rest.find('\'') {
        cleaned.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(after.len());
        rest = after[end..].strip_prefix(',').unwrap_or(&after[end..]);
    }
    cleaned.push_str(rest);
    cleaned.replace(",>", ">").replace("<>", "").replace("STATIC", "'static")
}

fn tokens(item: &impl ToTokens) -> String {
    norm(&item.to_token_stream().to_string())
}

/// A function's signature: `(name:Type,…)->Return`, without its receiver.
fn signature(sig: &syn::Signature) -> String {
    let args: Vec<String> = sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            syn::FnArg::Typed(typed) => Some(format!("{}:{}", tokens(&typed.pat), tokens(&typed.ty))),
            syn::FnArg::Receiver(_) => None,
        })
        .collect();
    let returns = match &sig.output {
        syn::ReturnType::Default => "()".to_owned(),
        syn::ReturnType::Type(_, ty) => tokens(ty),
    };
    format!("({})->{returns}", args.join(","))
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The public items of one generated module, keyed `kind path` → signature.
fn emitted_items(module: &str, text: &str, out: &mut BTreeMap<String, String>) {
    let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{module} parses: {e}"));
    let prefix = if module == "client" { String::new() } else { format!("{module}::") };
    for item in file.items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                let name = format!("{prefix}{}", s.ident);
                out.insert(format!("struct {name}"), String::new());
                if let syn::Fields::Named(fields) = &s.fields {
                    for field in fields.named.iter().filter(|f| is_pub(&f.vis)) {
                        let ident = field.ident.as_ref().expect("named").to_string();
                        out.insert(format!("field {name}.{ident}"), tokens(&field.ty));
                    }
                }
            }
            syn::Item::Enum(e) if is_pub(&e.vis) => {
                let name = format!("{prefix}{}", e.ident);
                out.insert(format!("enum {name}"), String::new());
                for variant in &e.variants {
                    let payload = match &variant.fields {
                        syn::Fields::Unnamed(fields) => fields.unnamed.iter().map(|f| tokens(&f.ty)).collect(),
                        _ => String::new(),
                    };
                    out.insert(format!("variant {name}::{}", variant.ident), payload);
                }
            }
            syn::Item::Type(t) if is_pub(&t.vis) => {
                out.insert(format!("alias {prefix}{}", t.ident), tokens(&t.ty));
            }
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let self_ty = tokens(&block.self_ty);
                // `Call<Output, Marker>` and `Connect<Client, Server, Marker>`: the setters of the
                // marker's call; any other type: its own functions.
                let owner = match self_ty.strip_suffix('>').and_then(|t| t.rsplit_once(',')) {
                    Some((_, marker)) if self_ty.starts_with("Call<") || self_ty.starts_with("Connect<") => {
                        format!("setters of api::{marker}")
                    }
                    _ if self_ty == "Client" || self_ty == "ClientBuilder" => self_ty.clone(),
                    _ => format!("{prefix}{}", self_ty.split('<').next().unwrap_or_default()),
                };
                for member in &block.items {
                    match member {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                            out.insert(format!("fn {owner}::{}", f.sig.ident), signature(&f.sig));
                        }
                        syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                            out.insert(format!("const {owner}::{}", c.ident), String::new());
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
}

/// The public items `SURFACE.txt` lists, keyed as [`emitted_items`] keys them.
fn listed_items(surface: &Surface) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    // Accessor path (`client.voices()`) → group type; method name → its call type.
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    let mut calls: BTreeMap<String, String> = BTreeMap::new();
    for (name, item) in &surface.items {
        if let Item::Type { kind } = item {
            let bare = name.trim_start_matches("api::").to_owned();
            if let Some(accessor) = kind.strip_prefix("group ") {
                groups.insert(accessor.to_owned(), bare);
            } else if let Some(method) = kind.strip_prefix("call ") {
                calls.insert(method.trim_end_matches("()").to_owned(), bare);
            }
        }
    }
    // The type a method or accessor of `path` (`client.voices()`, or `client` itself) is on.
    let owner = |path: &str| -> String {
        if path == "client" { "Client".to_owned() } else { format!("api::{}", groups[path]) }
    };
    let signature = |args: &[(String, String)], returns: &str| {
        let args: Vec<String> = args.iter().map(|(n, t)| format!("{}:{}", norm(n), norm(t))).collect();
        format!("({})->{}", args.join(","), norm(returns))
    };
    for (accessor, group) in &groups {
        let (parent, child) = accessor.trim_end_matches("()").rsplit_once('.').expect("client.…");
        out.insert(format!("struct api::{group}"), String::new());
        out.insert(format!("fn {}::{child}", owner(parent)), format!("()->{group}"));
    }
    for (name, item) in &surface.items {
        match item {
            Item::Method { args, returns, .. } => {
                let (path, method) = name.rsplit_once('.').expect("client.…");
                let call = &calls[name];
                let returns = match returns.strip_prefix("Connect<") {
                    Some(messages) => format!("Connect<{},{call}>", messages.trim_end_matches('>')),
                    None => format!("Call<{returns},{call}>"),
                };
                out.insert(format!("fn {}::{method}", owner(path)), signature(args, &returns));
            }
            Item::Function { args, returns } if name.starts_with("client.") => {
                let (method, setter) = name.rsplit_once("().").expect("a setter");
                out.insert(format!("fn setters of api::{}::{setter}", calls[method]), signature(args, returns));
            }
            Item::Function { args, returns } => {
                let (owner, function) = name.rsplit_once("::").expect("a type's function");
                out.insert(format!("fn {owner}::{function}"), signature(args, returns));
            }
            Item::Type { kind } => match kind.as_str() {
                _ if name.starts_with("api::") || kind == "runtime struct" => {
                    if kind.starts_with("call ") {
                        out.insert(format!("struct {name}"), String::new());
                    }
                }
                _ if kind.starts_with("alias of ") => {
                    out.insert(format!("alias {name}"), norm(kind.trim_start_matches("alias of ")));
                }
                _ if kind.starts_with("union") || kind == "enum" => {
                    out.insert(format!("enum {name}"), String::new());
                }
                _ => {
                    out.insert(format!("struct {name}"), String::new());
                }
            },
            Item::Field { ty, .. } => {
                out.insert(format!("field {name}"), norm(ty));
            }
            Item::Value { .. } => {
                let (parent, value) = name.rsplit_once("::").expect("a member");
                let int_enum = matches!(surface.items.get(parent), Some(Item::Type { kind }) if kind == "int enum");
                let key = if int_enum { format!("const {name}") } else { format!("variant {parent}::{value}") };
                out.insert(key, String::new());
            }
            Item::Arm { ty } => {
                out.insert(format!("variant {name}"), norm(ty));
            }
        }
    }
    out
}

#[test]
fn every_public_item_of_every_checked_in_crate_is_in_its_surface_and_no_other() {
    let mut failures = Vec::new();
    for krate in crates() {
        let text = std::fs::read_to_string(krate.join(generator::surface::FILE)).expect("SURFACE.txt");
        let surface = Surface::parse("SURFACE.txt", &text).expect("reads back");
        let mut emitted = BTreeMap::new();
        for module in ["api", "types", "errors", "client"] {
            if let Ok(text) = std::fs::read_to_string(krate.join(format!("src/{module}.rs"))) {
                emitted_items(module, &text, &mut emitted);
            }
        }
        let listed = listed_items(&surface);
        let keys: BTreeSet<&String> = emitted.keys().chain(listed.keys()).collect();
        let mut differences = Vec::new();
        for key in keys {
            match (emitted.get(key), listed.get(key)) {
                (Some(a), Some(b)) if a == b => {}
                (Some(a), Some(b)) => differences.push(format!("  {key}: emitted `{a}`, listed `{b}`")),
                (Some(a), None) => differences.push(format!("  {key} `{a}`: emitted, not listed")),
                (None, Some(b)) => differences.push(format!("  {key} `{b}`: listed, not emitted")),
                (None, None) => {}
            }
        }
        if !differences.is_empty() {
            let shown = differences.len().min(40);
            failures.push(format!(
                "{}: {} differences\n{}",
                krate.display(),
                differences.len(),
                differences[..shown].join("\n")
            ));
        }
        assert!(emitted.len() > 10, "{} has public items", krate.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The comparison fails on a public item the surface does not list, and on one it lists that
/// is gone: shown on a copy of the seed crate's surface with one line removed and one added.
#[test]
fn a_missing_or_an_extra_line_is_found() {
    let krate = repo_root().join("generator/tests/fixtures/seed/client");
    let text = std::fs::read_to_string(krate.join(generator::surface::FILE)).expect("SURFACE.txt");
    let mut surface = Surface::parse("SURFACE.txt", &text).expect("reads back");
    let mut emitted = BTreeMap::new();
    for module in ["api", "types", "client"] {
        if let Ok(text) = std::fs::read_to_string(krate.join(format!("src/{module}.rs"))) {
            emitted_items(module, &text, &mut emitted);
        }
    }
    assert_eq!(listed_items(&surface), emitted, "the seed crate's surface is whole");
    let removed = surface.items.keys().find(|k| k.ends_with("::new")).cloned().expect("a constructor");
    surface.items.remove(&removed);
    surface.items.insert("types::Gone".to_owned(), Item::Type { kind: "struct, non-exhaustive".to_owned() });
    let listed = listed_items(&surface);
    assert!(!listed.contains_key(&format!("fn {removed}")) && emitted.contains_key(&format!("fn {removed}")));
    assert!(listed.contains_key("struct types::Gone") && !emitted.contains_key("struct types::Gone"));
}
