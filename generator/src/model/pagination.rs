//! Which operations list in pages, and how their pages follow each other.
//!
//! An operation's pager comes from, in order: `generator.yaml`'s `pagination` entry for it
//! (`false`: none), the operation's `x-pagination` or `x-fern-pagination` (`true`: the
//! document's own), else the rules below. A declaration that names what the operation does not
//! have is an error at its place; the rules only ever find a pager or none.
//!
//! The rules read a JSON response whose struct has one list (the items; among several, the one
//! named `data`, `items` or `results`) and look, in order, for:
//! - a cursor: a query parameter and a response field that name the same thing, the field as
//!   the next or last one (`cursor` ↔ `next_cursor`, `next_page_token` ↔ `next_page_token`,
//!   `start_after_history_item_id` ↔ `last_history_item_id`, `last_doc` ↔ `next_doc`);
//! - `after`/`starting_after`/`start_after`: the last item's `id`;
//! - `offset`/`skip`: an offset counted in items;
//! - `page`/`page_number`: a page number.
//!
//! A flag `has_more` (`has_next`, `has_next_page`, `more`) ends the pages when false; without
//! one, an absent or empty next value (or an empty page, for offsets and page numbers) does.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToSnakeCase;
use openapiv3::{OpenAPI, ReferenceOr};

use super::ir::{FieldRef, Group, Location, Method, NextPage, Pager, ResponseKind, Ty, TypeDef, TypeKind};
use super::read::unescape_pointer_segment;
use crate::config::{Config, PagerSpec, Pagination};
use crate::error::{Error, Pointer, Result};
use crate::merge::Origins;
use crate::model::Field;

/// Where a declaration was read, for its errors.
struct Place<'a> {
    /// The file.
    file: &'a str,
    /// The declaration's pointer in it.
    pointer: Pointer,
}

/// Settles every method's pager.
pub(super) fn settle(
    groups: &mut [Group],
    types: &[TypeDef],
    api: &OpenAPI,
    config: &Config,
    origins: &Origins,
) -> Result<()> {
    let types: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut unused: BTreeSet<&str> = config.pagination.keys().map(String::as_str).collect();
    for method in groups.iter_mut().flat_map(|g| &mut g.methods) {
        if matches!(method.response, ResponseKind::Socket(_)) {
            continue;
        }
        let key = format!("{} {}", method.http_method, method.path_template);
        let configured = config.pagination.get_key_value(&key);
        let declared = match configured {
            Some((key, setting)) => {
                unused.remove(key.as_str());
                let place = Place { file: &config.file, pointer: Pointer::root().join("pagination").join(key) };
                match setting {
                    Pagination::Off(false) => None,
                    Pagination::Off(true) => {
                        return Err(Error::at(
                            place.file,
                            place.pointer,
                            "`true` says nothing: write how pages follow, or `false`",
                        ));
                    }
                    Pagination::Pager(spec) => Some((spec.clone(), false, place)),
                }
            }
            None => declaration(api, method, origins)?,
        };
        method.pager = match (configured, declared) {
            (_, Some((spec, fern, place))) => Some(declared_pager(method, &spec, fern, &types, &place)?),
            (Some(_), None) => None,
            (None, None) => detect(method, &types),
        };
    }
    if let Some(key) = unused.first() {
        return Err(Error::at(
            &config.file,
            Pointer::root().join("pagination").join(key),
            format!("`{key}` names no operation of the API"),
        ));
    }
    Ok(())
}

/// The operation's own declaration, `x-pagination` or `x-fern-pagination`, if any: the spec,
/// whether it is Fern's, and where it is.
fn declaration<'a>(
    api: &OpenAPI,
    method: &Method,
    origins: &'a Origins,
) -> Result<Option<(PagerSpec, bool, Place<'a>)>> {
    let segments: Vec<String> = method.pointer.split('/').skip(1).map(unescape_pointer_segment).collect();
    let [_, path, key] = segments.as_slice() else { return Ok(None) };
    let Some(ReferenceOr::Item(item)) = api.paths.paths.get(path) else { return Ok(None) };
    let Some((_, op)) = item.iter().find(|(k, _)| k == key) else { return Ok(None) };
    for (extension, fern) in [("x-pagination", false), ("x-fern-pagination", true)] {
        let Some(value) = op.extensions.get(extension) else { continue };
        let mut pointer = Pointer::root().join("paths").join(path).join(key).join(extension);
        let value = match value {
            serde_json::Value::Bool(false) => return Ok(None),
            // Fern: `true` takes the document's default.
            serde_json::Value::Bool(true) => match api.extensions.get(extension) {
                Some(value) => {
                    pointer = Pointer::root().join(extension);
                    value
                }
                None => {
                    return Err(origins.error(
                        pointer.as_str(),
                        format!("`{extension}: true`, but the document declares no `{extension}`"),
                    ));
                }
            },
            value => value,
        };
        let place = Place { file: origins.file_of(pointer.as_str()), pointer };
        return match serde_json::from_value::<PagerSpec>(value.clone()) {
            Ok(spec) => Ok(Some((spec, fern, place))),
            Err(e) => Err(Error::at(place.file, place.pointer, format!("not a pagination declaration: {e}"))),
        };
    }
    Ok(None)
}

/// The pager a declaration describes; an error names what the operation does not have.
fn declared_pager(
    method: &Method,
    spec: &PagerSpec,
    fern: bool,
    types: &BTreeMap<&str, &TypeDef>,
    place: &Place<'_>,
) -> Result<Pager> {
    let fail = |key: &str, message: String| Error::at(place.file, place.pointer.join(key), message);
    let fields = response_fields(method, types)
        .ok_or_else(|| Error::at(place.file, place.pointer.clone(), "the operation's response is not a JSON object"))?;
    let field = |key: &str, value: &str| -> Result<&Field> {
        let wire = value.strip_prefix("$response.").unwrap_or(value);
        if wire.contains('.') {
            return Err(fail(key, format!("`{value}`: only a field of the response itself is supported")));
        }
        fields.iter().find(|f| f.wire == wire).ok_or_else(|| fail(key, format!("the response has no field `{wire}`")))
    };
    let param = |key: &str, value: &str| -> Result<String> {
        let wire = value.strip_prefix("$request.").unwrap_or(value);
        method
            .params
            .iter()
            .find(|p| p.location == Location::Query && p.wire == wire)
            .map(|p| p.wire.clone())
            .ok_or_else(|| fail(key, format!("the operation has no query parameter `{wire}`")))
    };
    let items = field("results", &spec.results)?;
    let Some(item) = list_item(&items.ty) else {
        return Err(fail("results", format!("`{}` is not a list", spec.results)));
    };
    let more = match &spec.has_more {
        Some(value) => {
            let flag = field("has_more", value)?;
            if flag.ty != Ty::Bool {
                return Err(fail("has_more", format!("`{value}` is not a boolean")));
            }
            Some(reference(flag))
        }
        None => None,
    };
    let (param, next) = match (&spec.cursor, &spec.offset, &spec.page) {
        (Some(cursor), None, None) => {
            let Some(next) = &spec.next_cursor else {
                return Err(Error::at(place.file, place.pointer.clone(), "a `cursor` needs the `next_cursor` field"));
            };
            let next = field("next_cursor", next)?;
            if !is_scalar(&next.ty) {
                return Err(fail("next_cursor", format!("`{}` is not a string or a number", next.wire)));
            }
            (param("cursor", cursor)?, NextPage::Field(reference(next)))
        }
        (None, Some(offset), None) => {
            let wire = param("offset", offset)?;
            let first = first_value(method, &wire);
            // Fern's `offset` counts pages unless a `step` says it counts items.
            let next = if fern && spec.step.is_none() {
                NextPage::Number { first: first.unwrap_or(1) }
            } else {
                NextPage::Offset { first: first.unwrap_or(0) }
            };
            (wire, next)
        }
        (None, None, Some(page)) => {
            let wire = param("page", page)?;
            let first = first_value(method, &wire).unwrap_or(1);
            (wire, NextPage::Number { first })
        }
        _ => {
            return Err(Error::at(
                place.file,
                place.pointer.clone(),
                "name exactly one of `cursor` (with `next_cursor`), `offset` and `page`",
            ));
        }
    };
    Ok(Pager { param, next, items: reference(items), item, more })
}

/// The pager the rules find, if any (see the module docs).
fn detect(method: &Method, types: &BTreeMap<&str, &TypeDef>) -> Option<Pager> {
    let fields = response_fields(method, types)?;
    let lists: Vec<&Field> = fields.iter().filter(|f| list_item(&f.ty).is_some()).collect();
    let items = match lists.as_slice() {
        [one] => *one,
        several => *several.iter().find(|f| ["data", "items", "results"].contains(&f.wire.as_str()))?,
    };
    let item = list_item(&items.ty)?;
    let more = fields
        .iter()
        .find(|f| {
            f.ty == Ty::Bool
                && ["has_more", "has_next", "has_next_page", "more"].contains(&f.wire.to_snake_case().as_str())
        })
        .map(reference);
    let query: Vec<(&str, String)> = method
        .params
        .iter()
        .filter(|p| p.location == Location::Query)
        .map(|p| (p.wire.as_str(), p.wire.to_snake_case()))
        .collect();
    let pager = |param: &str, next: NextPage| Pager {
        param: param.to_owned(),
        next,
        items: reference(items),
        item: item.clone(),
        more: more.clone(),
    };
    // A cursor: a parameter and a next or last field of the same name.
    for (wire, snake) in &query {
        let cursor = fields.iter().find(|f| {
            let field = f.wire.to_snake_case();
            is_scalar(&f.ty) && names_the_next(snake, &field)
        });
        if let Some(field) = cursor {
            return Some(pager(wire, NextPage::Field(reference(field))));
        }
    }
    // After the last item's id.
    if let Some((wire, _)) =
        query.iter().find(|(_, s)| ["after", "starting_after", "start_after"].contains(&s.as_str()))
    {
        let id = struct_fields(&item, types)?.iter().find(|f| f.wire == "id" && is_scalar(&f.ty))?;
        return Some(pager(wire, NextPage::LastItem(reference(id))));
    }
    if let Some((wire, _)) = query.iter().find(|(_, s)| ["offset", "skip"].contains(&s.as_str())) {
        let first = first_value(method, wire).unwrap_or(0);
        return Some(pager(wire, NextPage::Offset { first }));
    }
    if let Some((wire, _)) = query.iter().find(|(_, s)| ["page", "page_number", "page_num"].contains(&s.as_str())) {
        let first = first_value(method, wire).unwrap_or(1);
        return Some(pager(wire, NextPage::Number { first }));
    }
    None
}

/// Whether a response field (snake case) holds the next value of a query parameter: the
/// field is the next or last one of what the parameter names (`cursor` ↔ `next_cursor`,
/// `start_after_history_item_id` ↔ `last_history_item_id`, `last_doc` ↔ `next_doc`), or the
/// parameter is itself named as the next one (`next_page_token` ↔ `next_page_token`).
fn names_the_next(param: &str, field: &str) -> bool {
    let Some(stem) = field.strip_prefix("next_").or_else(|| field.strip_prefix("last_")) else { return false };
    let param_stem = ["next_", "last_", "start_after_", "starting_after_", "after_"]
        .iter()
        .find_map(|prefix| param.strip_prefix(prefix))
        .unwrap_or(param);
    param_stem == stem && !["size", "page_size", "limit"].contains(&stem)
}

/// The fields of the struct a method's JSON response decodes into.
fn response_fields<'a>(method: &Method, types: &BTreeMap<&str, &'a TypeDef>) -> Option<&'a [Field]> {
    let ResponseKind::Json(ty) = &method.response else { return None };
    struct_fields(ty, types)
}

/// The fields of the struct a type names, following aliases.
fn struct_fields<'a>(ty: &Ty, types: &BTreeMap<&str, &'a TypeDef>) -> Option<&'a [Field]> {
    let mut name = match ty {
        Ty::Named(name) => name.as_str(),
        Ty::Boxed(inner) => return struct_fields(inner, types),
        _ => return None,
    };
    for _ in 0..types.len() {
        let def = types.get(name)?;
        match (&def.same_as, &def.kind) {
            (Some(target), _) => name = target,
            (None, TypeKind::Struct(fields, _)) => return Some(fields),
            (None, _) => return None,
        }
    }
    None
}

/// A list's item type.
fn list_item(ty: &Ty) -> Option<Ty> {
    match ty {
        Ty::List(item) => Some((**item).clone()),
        _ => None,
    }
}

/// A value that can be sent as one query parameter: a string or a number.
fn is_scalar(ty: &Ty) -> bool {
    matches!(ty, Ty::String | Ty::I64 | Ty::I32)
}

/// The parameter's default, when it is a whole number.
fn first_value(method: &Method, wire: &str) -> Option<u64> {
    let param = method.params.iter().find(|p| p.wire == wire)?;
    param.default.as_deref()?.parse().ok()
}

fn reference(field: &Field) -> FieldRef {
    FieldRef { name: field.name.clone(), presence: field.presence() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_names_the_next_value_of_a_parameter() {
        for (param, field) in [
            ("cursor", "next_cursor"),
            ("page_token", "next_page_token"),
            ("next_page_token", "next_page_token"),
            ("start_after_history_item_id", "last_history_item_id"),
            ("last_doc", "next_doc"),
            ("offset", "next_offset"),
        ] {
            assert!(names_the_next(param, field), "{param} ↔ {field}");
        }
        for (param, field) in [
            ("cursor", "cursor"),
            ("cursor", "last_cursor_used_at"),
            ("page_size", "next_page_size"),
            ("limit", "last_limit"),
        ] {
            assert!(!names_the_next(param, field), "{param} ↔ {field}");
        }
    }
}
