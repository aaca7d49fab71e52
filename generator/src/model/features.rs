//! Features: one cargo feature per top-level group (`text-to-speech`, `voices` …), all on by
//! default, so a user who turns the defaults off compiles only the groups they name and the
//! types those reach. Decided here, once: which feature each group is behind, and which
//! features each type and error decoder is behind (any one of them turns it on). A type that
//! no group reaches, or that the root's own operations reach, is always there; so is
//! everything in a crate with fewer than two top-level groups, which gets no features.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToKebabCase;

use super::ir::{ErrorBodies, Group, ResponseKind, Ty, TypeDef};

/// Sets each group's, type's and decoder's features; returns every feature, sorted.
pub(super) fn settle(groups: &mut [Group], types: &mut [TypeDef], errors: &mut ErrorBodies) -> Vec<String> {
    let top: BTreeSet<&str> = groups.iter().filter(|g| g.path.len() == 1).map(|g| g.path[0].as_str()).collect();
    if top.len() < 2 {
        return Vec::new();
    }
    let feature_of = |group: &Group| group.path.first().map(|g| feature_name(g));
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    // The types each feature reaches; `None`: the root's own operations, always compiled.
    let mut reached: BTreeMap<Option<String>, BTreeSet<String>> = BTreeMap::new();
    // The features each decoder's methods are behind; `None` among them: a root method's.
    let mut decoders: BTreeMap<&str, BTreeSet<Option<String>>> = BTreeMap::new();
    for group in groups.iter() {
        let feature = feature_of(group);
        let seen = reached.entry(feature.clone()).or_default();
        for method in &group.methods {
            for ty in method_types(method) {
                reach(ty, &by_name, seen);
            }
            if let Some(decoder) = &method.decoder {
                decoders.entry(decoder.as_str()).or_default().insert(feature.clone());
            }
        }
    }
    // Always there: what the root's operations reach, the types no operation reaches (the
    // document's, still part of the API), and every type those hold.
    let mut always = reached.remove(&None).unwrap_or_default();
    let reachable: BTreeSet<&String> = reached.values().flatten().collect();
    let seeds: Vec<String> =
        types.iter().map(|t| t.name.clone()).filter(|n| always.contains(n) || !reachable.contains(n)).collect();
    for name in seeds {
        always.remove(&name);
        reach(&Ty::Named(name), &by_name, &mut always);
    }
    let mut needs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (feature, names) in &reached {
        for name in names {
            needs.entry(name.clone()).or_default().extend(feature.clone());
        }
    }
    let all: Vec<String> = reached.keys().flatten().cloned().collect();
    let gate = |set: Option<&BTreeSet<String>>| match set {
        Some(set) if set.len() < all.len() => set.iter().cloned().collect(),
        _ => Vec::new(),
    };
    for def in types.iter_mut() {
        if !always.contains(&def.name) {
            def.features = gate(needs.get(&def.name));
        }
    }
    // A decoder is private: behind every feature of its methods (all of them when every group
    // uses it, so that it is never compiled unused), and always there for a root method's.
    for decoder in &mut errors.decoders {
        let users = decoders.get(decoder.name.as_str());
        decoder.features = match users {
            Some(users) if !users.contains(&None) => users.iter().flatten().cloned().collect(),
            _ => Vec::new(),
        };
    }
    for group in groups.iter_mut() {
        group.feature = feature_of(group);
    }
    all
}

/// A group's feature: its name in kebab case, with `-api` after a name cargo or the crate
/// already gives a feature of its own meaning (`default`, `tracing`).
fn feature_name(group: &str) -> String {
    let name = group.trim_start_matches("r#").to_kebab_case();
    match name.as_str() {
        "default" | "tracing" => format!("{name}-api"),
        _ => name,
    }
}

/// Every type a method's signature, body, answers and messages name.
fn method_types(method: &super::ir::Method) -> Vec<&Ty> {
    let mut tys: Vec<&Ty> = method.args.iter().chain(&method.setters).map(|i| &i.ty).collect();
    tys.extend(method.path_params.iter().chain(&method.params).map(|p| &p.ty));
    tys.extend(method.body.as_ref().map(|b| &b.ty));
    tys.extend(method.errors.iter().map(|(_, ty)| ty));
    match &method.response {
        ResponseKind::Json(ty) | ResponseKind::JsonStream(ty) => tys.push(ty),
        ResponseKind::Events(ty) | ResponseKind::Parts(ty) => tys.extend(ty),
        ResponseKind::Socket(socket) => {
            tys.extend(socket.client.arms.iter().chain(&socket.server.arms).filter_map(|a| a.ty.as_ref()));
        }
        ResponseKind::Bytes | ResponseKind::Empty => {}
    }
    tys
}

/// Adds `ty` and every type it holds to `seen`, by the names of their definitions (an alias
/// and the type it names both).
fn reach(ty: &Ty, types: &BTreeMap<&str, &TypeDef>, seen: &mut BTreeSet<String>) {
    let Some(def) = ty.named().and_then(|name| types.get(name)) else { return };
    if !seen.insert(def.name.clone()) {
        return;
    }
    if let Some(target) = &def.same_as {
        reach(&Ty::Named(target.clone()), types, seen);
    }
    for held in def.kind.held() {
        reach(held, types, seen);
    }
}
