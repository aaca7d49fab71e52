//! Typed error bodies: one `ErrorBody` variant per type an error response is described with,
//! and one decoder per distinct set of them an operation describes, named after what it
//! decodes (`decode_http_validation_error`), so that one more error schema adds a decoder and
//! touches only the methods that use it.

use std::collections::{BTreeMap, BTreeSet};

use super::ir::{ErrorBodies, ErrorDecoder, ErrorStatus, Group, Ty};
use crate::naming::{self, Namespace};

/// The error bodies an operation describes, by status.
type ErrorSet = Vec<(ErrorStatus, Ty)>;

/// Settles the error bodies and gives each method the name of its decoder.
pub(super) fn settle(groups: &mut [Group]) -> ErrorBodies {
    let sets: BTreeSet<ErrorSet> =
        groups.iter().flat_map(|g| &g.methods).map(|m| m.errors.clone()).filter(|errors| !errors.is_empty()).collect();
    // One variant per distinct type, named after it.
    let mut variant_names = Namespace::default();
    let mut variants: Vec<(String, Ty)> = Vec::new();
    for (_, ty) in sets.iter().flatten() {
        if !variants.iter().any(|(_, t)| t == ty) {
            variants.push((variant_names.claim(&variant_base(ty)), ty.clone()));
        }
    }
    variants.sort();
    let index = |ty: &Ty| variants.iter().position(|(_, t)| t == ty).unwrap_or_default();
    let decoded: Vec<(&ErrorSet, Vec<(ErrorStatus, usize)>)> = sets
        .iter()
        .map(|set| {
            // A status listed twice keeps its first body, so no arm is unreachable.
            let mut seen = BTreeSet::new();
            let arms = set.iter().filter(|(status, _)| seen.insert(*status)).map(|(s, ty)| (*s, index(ty))).collect();
            (set, arms)
        })
        .collect();
    // Named by the bodies they decode; where two sets decode the same bodies for other
    // statuses, by status and body.
    let by_bodies = |arms: &[(ErrorStatus, usize)]| {
        let mut held: Vec<usize> = arms.iter().map(|(_, v)| *v).collect();
        held.dedup();
        held.iter().map(|&v| naming::field_name(&variants[v].0)).collect::<Vec<_>>().join("_or_")
    };
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    for (_, arms) in &decoded {
        *uses.entry(by_bodies(arms)).or_default() += 1;
    }
    let mut decoder_names = Namespace::default();
    let mut decoders = Vec::new();
    let mut named: BTreeMap<ErrorSet, String> = BTreeMap::new();
    for (set, arms) in decoded {
        let base = by_bodies(&arms);
        let base = if uses[&base] > 1 {
            let parts: Vec<String> = arms
                .iter()
                .map(|(status, v)| format!("{}_{}", status_word(*status), naming::field_name(&variants[*v].0)))
                .collect();
            parts.join("_or_")
        } else {
            base
        };
        let name = decoder_names.claim(&format!("decode_{base}"));
        named.insert(set.clone(), name.clone());
        decoders.push(ErrorDecoder { name, arms, features: Vec::new() });
    }
    for method in groups.iter_mut().flat_map(|g| &mut g.methods) {
        method.decoder = named.get(&method.errors).cloned();
    }
    decoders.sort_by(|a, b| a.name.cmp(&b.name));
    ErrorBodies { variants, decoders }
}

/// A status in a decoder's name: `422`, `4xx`, `default`.
fn status_word(status: ErrorStatus) -> String {
    match status {
        ErrorStatus::Code(code) => code.to_string(),
        ErrorStatus::Range(class) => format!("{class}xx"),
        ErrorStatus::Default => "default".to_owned(),
    }
}

/// The variant a type of error body is held in: its own name, or what it is.
fn variant_base(ty: &Ty) -> String {
    match ty {
        Ty::Named(name) => name.clone(),
        Ty::List(_) => "List".to_owned(),
        Ty::Map(_) => "Map".to_owned(),
        Ty::String => "Text".to_owned(),
        _ => "Value".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(name: &str) -> Ty {
        Ty::Named(name.into())
    }

    #[test]
    fn decoders_are_named_by_the_bodies_they_decode_and_by_status_when_that_is_not_enough() {
        let sets = [
            vec![(ErrorStatus::Code(422), named("Invalid"))],
            vec![(ErrorStatus::Code(400), named("Conflict")), (ErrorStatus::Code(422), named("Invalid"))],
            vec![(ErrorStatus::Code(409), named("Conflict")), (ErrorStatus::Code(422), named("Invalid"))],
        ];
        let mut groups = vec![Group {
            path: Vec::new(),
            type_name: String::new(),
            children: Vec::new(),
            methods: Vec::new(),
            feature: None,
        }];
        for set in &sets {
            let mut method = crate::model::tests_support::method();
            method.errors = set.clone();
            groups[0].methods.push(method);
        }
        let bodies = settle(&mut groups);
        let names: Vec<&str> = bodies.decoders.iter().map(|d| d.name.as_str()).collect();
        assert_eq!(
            names,
            ["decode_400_conflict_or_422_invalid", "decode_409_conflict_or_422_invalid", "decode_invalid"]
        );
        assert_eq!(
            bodies.variants,
            [("Conflict".to_owned(), named("Conflict")), ("Invalid".to_owned(), named("Invalid"))]
        );
        let decoders: Vec<Option<&str>> = groups[0].methods.iter().map(|m| m.decoder.as_deref()).collect();
        assert_eq!(
            decoders,
            [
                Some("decode_invalid"),
                Some("decode_400_conflict_or_422_invalid"),
                Some("decode_409_conflict_or_422_invalid")
            ]
        );
    }
}
