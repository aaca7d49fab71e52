//! Groups and method names: operations gathered into `client.<group>()` handles, collisions resolved.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::Operation;

use super::ir::{Body, BodyEncoding, Group, Method, ResponseForm};
use crate::error::Result;
use crate::merge::Origins;
use crate::naming::{self, Namespace};
use crate::normalize::GROUP_EXTENSION;

/// The SDK group path: `x-fern-sdk-group-name` (a string or a list), else the first tag.
pub(super) fn group_of(op: &Operation) -> Vec<String> {
    let from_extension = match op.extensions.get(GROUP_EXTENSION) {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(items)) => items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => Vec::new(),
    };
    let raw = if from_extension.is_empty() { op.tags.iter().take(1).cloned().collect() } else { from_extension };
    raw.iter().map(|s| naming::field_name(s)).filter(|s| !s.is_empty()).collect()
}

/// Arranges methods into the group tree; two operations with one name in one group are an error.
pub(super) fn group_methods(methods: Vec<(Vec<String>, Method)>, origins: &Origins) -> Result<Vec<Group>> {
    let mut by_path: BTreeMap<Vec<String>, Vec<Method>> = BTreeMap::new();
    by_path.entry(Vec::new()).or_default();
    for (path, method) in methods {
        for depth in 1..path.len() {
            by_path.entry(path[..depth].to_vec()).or_default();
        }
        by_path.entry(path).or_default().push(method);
    }
    let paths: Vec<Vec<String>> = by_path.keys().cloned().collect();
    // `[a_b]` and `[a, b]` would both be `AB`: names are claimed in path order.
    let mut type_names = Namespace::default();
    let names: BTreeMap<Vec<String>, String> = paths
        .iter()
        .map(|p| (p.clone(), if p.is_empty() { String::new() } else { type_names.claim(&group_type_name(p)) }))
        .collect();
    let mut groups = Vec::new();
    for (path, mut methods) in by_path {
        let accessors: BTreeSet<String> = paths
            .iter()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(&path))
            .map(|p| p[p.len() - 1].clone())
            .collect();
        resolve_method_names(&path, &mut methods, &accessors, origins)?;
        let mut methods: Vec<Method> = methods.into_iter().flat_map(one_per_body).collect();
        methods.sort_by(|a, b| a.name.cmp(&b.name).then(a.path_template.cmp(&b.path_template)));
        let children: Vec<(String, String)> = paths
            .iter()
            .filter(|p| p.len() == path.len() + 1 && p.starts_with(&path))
            .map(|p| (p[p.len() - 1].clone(), names[p].clone()))
            .collect();
        groups.push(Group { type_name: names[&path].clone(), path, children, methods, feature: None });
    }
    Ok(groups)
}

/// The method of an operation, one more for each of its other kinds of body, named
/// `{name}_{suffix}` (`upload_with_text`), and one more for each other form of its response
/// (`create_stream`), which asks for its media type and sets a `stream` flag of the body.
fn one_per_body(mut method: Method) -> Vec<Method> {
    let others = std::mem::take(&mut method.other_bodies);
    let forms = std::mem::take(&mut method.other_responses);
    let mut all = Vec::with_capacity(1 + others.len() + forms.len());
    for body in others {
        let mut other = method.clone();
        other.name = other_body_name(&method.name, &body);
        other.body = Some(body);
        // Asks for what its decoder reads: only the forms of the response ask for a media type.
        other.accept = None;
        other.variant_of = Some(method.name.clone());
        all.push(other);
    }
    for form in forms {
        let mut other = method.clone();
        other.name = other_response_name(&method.name, &form);
        other.stream_flag = (form.suffix == "stream").then(|| stream_flag(&method)).flatten();
        other.response = form.response;
        other.accept = Some(form.media_type);
        other.variant_of = Some(method.name.clone());
        all.push(other);
    }
    all.insert(0, method);
    all
}

/// The body property that asks for a streamed response: a boolean named `stream` (the
/// convention of chat completion APIs). Only a body property's name is known here: that it is
/// a boolean is checked where types are (`model::calls` keeps it only then).
fn stream_flag(method: &Method) -> Option<String> {
    method.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json).map(|_| "stream".to_owned())
}

/// The name of the method of `method` that asks for `form`, another form of its response.
fn other_response_name(method: &str, form: &ResponseForm) -> String {
    format!("{}_{}", method.trim_start_matches("r#"), form.suffix)
}

/// The name of the method of `method` that sends `body`, one of its other kinds of body.
fn other_body_name(method: &str, body: &Body) -> String {
    format!("{}_{}", method.trim_start_matches("r#"), body.encoding.method_suffix())
}

/// The names of all methods an operation gives: the main one, then one per other body.
fn all_names(method: &Method) -> impl Iterator<Item = String> + '_ {
    std::iter::once(method.name.clone())
        .chain(method.other_bodies.iter().map(|b| other_body_name(&method.name, b)))
        .chain(method.other_responses.iter().map(|f| other_response_name(&method.name, f)))
}

/// Makes method names unique within a group, by rule: every method whose name is shared (with
/// another method, or with a sub-group accessor) moves to its next candidate name
/// (`x-fern-sdk-method-name` → `operationId` → method and path), all at once, until no name
/// is shared. Methods that run out of candidates are an error.
pub(super) fn resolve_method_names(
    group: &[String],
    methods: &mut [Method],
    accessors: &BTreeSet<String>,
    origins: &Origins,
) -> Result<()> {
    loop {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for m in methods.iter() {
            for name in all_names(m) {
                *counts.entry(name).or_default() += 1;
            }
        }
        // A method clashes when any of its names (`upload`, `upload_with_text` …) is shared.
        let clashes =
            |m: &Method| all_names(m).any(|n| counts.get(&n).copied().unwrap_or(0) > 1 || accessors.contains(&n));
        if !methods.iter().any(clashes) {
            return Ok(());
        }
        let stuck: Vec<&Method> = methods.iter().filter(|m| clashes(m) && m.alternatives.is_empty()).collect();
        if let Some(m) = stuck.first() {
            let others: Vec<String> = methods
                .iter()
                .filter(|o| all_names(o).any(|n| all_names(m).any(|k| k == n)) && o.pointer != m.pointer)
                .map(|o| format!("{} {}", o.http_method, o.path_template))
                .collect();
            let what =
                if others.is_empty() { format!("the sub-group accessor `{}`", m.name) } else { others.join(", ") };
            return Err(origins
                .error(
                    &m.pointer,
                    format!(
                        "`{} {}` would be method `{}` in group `{}`, like {what}, and no other name is left to tell them apart",
                        m.http_method,
                        m.path_template,
                        m.name,
                        if group.is_empty() { "<root>".to_owned() } else { group.join(".") },
                    ),
                )
                .with_hint("give the operations distinct `operationId`s or `x-fern-sdk-method-name`s"));
        }
        let renamed: Vec<usize> = (0..methods.len()).filter(|&i| clashes(&methods[i])).collect();
        for i in renamed {
            let next = methods[i].alternatives.remove(0);
            methods[i].name = next;
        }
    }
}

pub(super) fn group_type_name(path: &[String]) -> String {
    path.iter().map(|s| naming::type_name(s)).collect()
}
