//! Two surfaces → the changes between them, each classed by what it does to a Rust caller.
//!
//! The classes follow how the emitter declares things:
//! - structs (data and forms) are `#[non_exhaustive]`, built with `new(..)` (the required
//!   fields) or `Default`, and the `with_*` setters: a new optional field is compatible, a new
//!   required one breaks `new(..)`;
//! - string enums, unions, `ErrorBody` and `Environment` are `#[non_exhaustive]`, and integer
//!   enums are open newtypes: a new value or arm is compatible, a removed one breaks;
//! - methods take the required inputs as positional arguments: any change to them or to what
//!   they return breaks, and so does a renamed operation (the same HTTP method and path under
//!   a new name); optional inputs are setters of the call: a new one is compatible.
//!
//! What follows from another change is not counted again: the setters of an operation added
//! or removed, `with_x` beside its field `x`, `new(..)` beside a change to a required field, a
//! call or group type beside its operation or group.

use std::collections::BTreeMap;

use super::{Item, Presence, Surface, parent_of};

/// What a change does to code written against the old crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code that compiled may no longer compile.
    Breaking,
    /// Code that compiled still compiles.
    Compatible,
}

impl Class {
    /// `breaking` or `compatible`.
    pub fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Compatible => "compatible",
        }
    }
}

/// One change to the public surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking or compatible.
    pub class: Class,
    /// What kind of change: `operation removed`, `field added (required)`, `enum value added` …
    pub kind: String,
    /// The item as a caller names it, and what changed: `types::Voice.name: String`.
    pub item: String,
    /// Why it is classed so, when that is not obvious.
    pub note: Option<String>,
}

impl Change {
    /// The change on one line: `field added (required): types::Voice.name: String (new(..) takes it)`.
    pub fn line(&self) -> String {
        match &self.note {
            Some(note) => format!("{}: {} ({note})", self.kind, self.item),
            None => format!("{}: {}", self.kind, self.item),
        }
    }
}

/// Every change from one surface to another.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Breaking changes first, then compatible ones; each in name order.
    pub changes: Vec<Change>,
}

/// `1 operation`, `2 operations`.
pub fn count(n: usize, singular: &str) -> String {
    if n == 1 { format!("1 {singular}") } else { format!("{n} {singular}s") }
}

impl Report {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes are of this class.
    pub fn of_class(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// How many changes of each kind, per class.
    pub fn counts(&self) -> BTreeMap<(Class, String), usize> {
        let mut counts = BTreeMap::new();
        for change in &self.changes {
            *counts.entry((change.class, change.kind.clone())).or_default() += 1;
        }
        counts
    }

    /// `2 breaking changes, 1 compatible change`, or `no change`.
    pub fn summary(&self) -> String {
        if self.is_empty() {
            return "no change to the public API".to_owned();
        }
        let (breaking, compatible) = (self.of_class(Class::Breaking), self.of_class(Class::Compatible));
        let noun = |n: usize| if n == 1 { "change" } else { "changes" };
        format!("{breaking} breaking {}, {compatible} compatible {}", noun(breaking), noun(compatible))
    }

    /// The whole report: the summary, the counts per kind, then one line per change.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.summary());
        let counts = self.counts();
        for class in [Class::Breaking, Class::Compatible] {
            let kinds: Vec<String> =
                counts.iter().filter(|((c, _), _)| *c == class).map(|((_, kind), n)| format!("{kind}: {n}")).collect();
            if !kinds.is_empty() {
                out.push_str(&format!("  {}: {}\n", class.label(), kinds.join(", ")));
            }
        }
        for class in [Class::Breaking, Class::Compatible] {
            let lines: Vec<String> =
                self.changes.iter().filter(|c| c.class == class).map(|c| format!("  - {}\n", c.line())).collect();
            if !lines.is_empty() {
                out.push_str(&format!("{}:\n{}", class.label(), lines.concat()));
            }
        }
        out
    }

    /// The report as JSON: counts and one object per change.
    pub fn to_json(&self) -> serde_json::Value {
        let counts: Vec<serde_json::Value> = self
            .counts()
            .into_iter()
            .map(|((class, kind), n)| serde_json::json!({"class": class.label(), "kind": kind, "count": n}))
            .collect();
        let changes: Vec<serde_json::Value> = self
            .changes
            .iter()
            .map(|c| serde_json::json!({"class": c.class.label(), "kind": c.kind, "item": c.item, "note": c.note}))
            .collect();
        serde_json::json!({
            "breaking": self.of_class(Class::Breaking),
            "compatible": self.of_class(Class::Compatible),
            "counts": counts,
            "changes": changes,
        })
    }
}

/// The changes from `old` to `new`.
pub fn compare(old: &Surface, new: &Surface) -> Report {
    let mut changes = Vec::new();
    compare_methods(old, new, &mut changes);
    compare_setters(old, new, &mut changes);
    compare_types(old, new, &mut changes);
    changes.sort_by_key(|c| c.class);
    Report { changes }
}

/// The setters of calls: `method name → (setter name → type)`.
fn setters(surface: &Surface) -> BTreeMap<&str, BTreeMap<&str, &Item>> {
    let mut out: BTreeMap<&str, BTreeMap<&str, &Item>> = BTreeMap::new();
    for (name, item) in &surface.items {
        if let (Item::Function { .. }, Some(method)) = (item, name.strip_prefix("client.").and(parent_of(name))) {
            out.entry(method).or_default().insert(&name[method.len() + 3..], item);
        }
    }
    out
}

/// Setters of methods on both sides: a new one is compatible (the call is built by name).
fn compare_setters(old: &Surface, new: &Surface, changes: &mut Vec<Change>) {
    let (before, after) = (setters(old), setters(new));
    let (old_methods, new_methods) = (methods(old), methods(new));
    let empty = BTreeMap::new();
    for (method, setters) in &after {
        if !old_methods.contains_key(method) {
            continue;
        }
        let was = before.get(method).unwrap_or(&empty);
        for (setter, item) in setters {
            let name = format!("{method}().{setter}");
            match was.get(setter) {
                None => changes.push(change(Class::Compatible, "setter added", item.line(&name), None)),
                Some(old) if old != item => changes.push(change(
                    Class::Breaking,
                    "setter type changed",
                    format!("{} → {}", old.line(&name), item.line(&name)),
                    None,
                )),
                Some(_) => {}
            }
        }
    }
    for (method, setters) in &before {
        if !new_methods.contains_key(method) {
            continue;
        }
        let now = after.get(method).unwrap_or(&empty);
        for (setter, item) in setters {
            if !now.contains_key(setter) {
                let name = format!("{method}().{setter}");
                changes.push(change(Class::Breaking, "setter removed", item.line(&name), None));
            }
        }
    }
}

fn change(class: Class, kind: impl Into<String>, item: impl Into<String>, note: Option<&str>) -> Change {
    Change { class, kind: kind.into(), item: item.into(), note: note.map(str::to_owned) }
}

/// A method's arguments, return type and route.
type Signature<'a> = (&'a [(String, String)], &'a str, &'a str);

fn methods(surface: &Surface) -> BTreeMap<&str, Signature<'_>> {
    surface
        .items
        .iter()
        .filter_map(|(name, item)| match item {
            Item::Method { args, returns, route } => {
                Some((name.as_str(), (args.as_slice(), returns.as_str(), route.as_str())))
            }
            _ => None,
        })
        .collect()
}

fn compare_methods(old: &Surface, new: &Surface, changes: &mut Vec<Change>) {
    let (old_methods, new_methods) = (methods(old), methods(new));
    let line = |surface: &Surface, name: &str| surface.items.get(name).map(|i| i.line(name)).unwrap_or_default();
    // An added method on the route of a removed one is that operation renamed.
    let mut added_by_route: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, (_, _, route)) in &new_methods {
        if !old_methods.contains_key(name) {
            added_by_route.entry(route).or_default().push(name);
        }
    }
    let mut renamed_to = Vec::new();
    for (name, (_, _, route)) in &old_methods {
        if new_methods.contains_key(name) {
            continue;
        }
        match added_by_route.get_mut(route).and_then(|names| (!names.is_empty()).then(|| names.remove(0))) {
            Some(to) => {
                renamed_to.push(to);
                changes.push(change(Class::Breaking, "operation renamed", format!("{name} → {to} [{route}]"), None));
            }
            None => changes.push(change(Class::Breaking, "operation removed", line(old, name), None)),
        }
    }
    for name in new_methods.keys() {
        if !old_methods.contains_key(name) && !renamed_to.contains(name) {
            changes.push(change(Class::Compatible, "operation added", line(new, name), None));
        }
    }
    for (name, (old_args, old_returns, old_route)) in &old_methods {
        let Some((new_args, new_returns, new_route)) = new_methods.get(name) else { continue };
        let signature = line(new, name);
        for (arg, ty) in new_args.iter() {
            match old_args.iter().find(|(a, _)| a == arg) {
                None => {
                    let note = format!("new argument `{arg}: {ty}`");
                    changes.push(change(Class::Breaking, "argument added", signature.clone(), Some(&note)));
                }
                Some((_, old_ty)) if old_ty != ty => {
                    let note = format!("`{arg}` was `{old_ty}`");
                    changes.push(change(Class::Breaking, "argument type changed", signature.clone(), Some(&note)));
                }
                Some(_) => {}
            }
        }
        for (arg, ty) in old_args.iter() {
            if !new_args.iter().any(|(a, _)| a == arg) {
                let note = format!("`{arg}: {ty}` is gone");
                changes.push(change(Class::Breaking, "argument removed", signature.clone(), Some(&note)));
            }
        }
        let names = |args: &[(String, String)]| args.iter().map(|(a, _)| a.clone()).collect::<Vec<_>>();
        let (mut a, mut b) = (names(old_args), names(new_args));
        if a != b && {
            a.sort();
            b.sort();
            a == b
        } {
            changes.push(change(Class::Breaking, "arguments reordered", signature.clone(), None));
        }
        if old_returns != new_returns {
            changes.push(change(
                Class::Breaking,
                "return type changed",
                format!("{name}: {old_returns} → {new_returns}"),
                None,
            ));
        }
        if old_route != new_route {
            changes.push(change(
                Class::Compatible,
                "route changed",
                format!("{name}: {old_route} → {new_route}"),
                Some("the same call sends another request"),
            ));
        }
    }
}

/// Types and their members: `parent → (suffix → item)`.
type Members<'a> = BTreeMap<&'a str, BTreeMap<&'a str, &'a Item>>;

fn members(surface: &Surface) -> Members<'_> {
    let mut out: Members<'_> = BTreeMap::new();
    for (name, item) in &surface.items {
        if matches!(item, Item::Method { .. } | Item::Type { .. }) || name.starts_with("client.") {
            continue;
        }
        if let Some(parent) = parent_of(name) {
            out.entry(parent).or_default().insert(&name[parent.len()..], item);
        }
    }
    out
}

/// The type a name stands for, aliases followed: `(its name, its kind)`.
fn resolve<'a>(surface: &'a Surface, name: &'a str) -> Option<(String, &'a str)> {
    let mut name = name.to_owned();
    for _ in 0..16 {
        let Some(Item::Type { kind }) = surface.items.get(&name) else { return None };
        match kind.strip_prefix("alias of ") {
            Some(target) => name = format!("types::{target}"),
            None => return Some((name, kind)),
        }
    }
    None
}

fn types(surface: &Surface) -> BTreeMap<&str, &str> {
    surface
        .items
        .iter()
        .filter_map(|(name, item)| match item {
            Item::Type { kind } => Some((name.as_str(), kind.as_str())),
            _ => None,
        })
        .collect()
}

/// Whether a call or group type (`api::…`) is reported: only when what it belongs to is on
/// both sides (else the operation's or group's own change says it).
fn reported(name: &str, kind: &str, old: &Surface, new: &Surface) -> bool {
    if !name.starts_with("api::") {
        return true;
    }
    let on_both = |prefix: &str| {
        let has = |s: &Surface| s.items.iter().any(|(n, i)| matches!(i, Item::Method { .. }) && n.starts_with(prefix));
        has(old) && has(new)
    };
    match (kind.strip_prefix("call "), kind.strip_prefix("group ")) {
        (Some(method), _) => {
            let method = method.trim_end_matches("()");
            let is = |s: &Surface| matches!(s.items.get(method), Some(Item::Method { .. }));
            is(old) && is(new)
        }
        (None, Some(accessor)) => on_both(&format!("{accessor}.")),
        (None, None) => true,
    }
}

fn compare_types(old: &Surface, new: &Surface, changes: &mut Vec<Change>) {
    let (old_types, new_types) = (types(old), types(new));
    let (old_members, new_members) = (members(old), members(new));
    for (name, kind) in &old_types {
        if !new_types.contains_key(name) && reported(name, kind, old, new) {
            changes.push(change(Class::Breaking, type_noun(name, "removed"), format!("{name}: {kind}"), None));
        }
    }
    for (name, kind) in &new_types {
        if !reported(name, kind, old, new) {
            continue;
        }
        let Some(old_kind) = old_types.get(name) else {
            let size = new_members.get(name).map_or(0, BTreeMap::len);
            let note = (size > 0).then(|| count(size, "member"));
            changes.push(change(
                Class::Compatible,
                type_noun(name, "added"),
                format!("{name}: {kind}"),
                note.as_deref(),
            ));
            continue;
        };
        let (Some((old_target, old_resolved)), Some((new_target, new_resolved))) =
            (resolve(old, name), resolve(new, name))
        else {
            continue;
        };
        if old_resolved != new_resolved && made_non_exhaustive(old_resolved, new_resolved) {
            // Reported once, under the type itself rather than its aliases.
            if old_kind.starts_with("alias of ") {
                continue;
            }
            changes.push(change(
                Class::Breaking,
                "type made #[non_exhaustive]",
                format!("{name}: {old_kind} → {kind}"),
                Some("struct literals and exhaustive `match`es of it no longer compile"),
            ));
        } else if old_resolved != new_resolved {
            // A call or group type of a renamed method or group: the rename is the change.
            if !name.starts_with("api::") {
                changes.push(change(
                    Class::Breaking,
                    "type kind changed",
                    format!("{name}: {old_kind} → {kind}"),
                    None,
                ));
            }
            continue;
        }
        let aliasing_changed = old_kind.starts_with("alias of ") || kind.starts_with("alias of ");
        if old_kind != kind && aliasing_changed {
            changes.push(change(
                Class::Compatible,
                "type alias changed",
                format!("{name}: {old_kind} → {kind}"),
                Some("a `pub type` alias and a definition are used alike; member changes are listed apart"),
            ));
        } else if old_kind == kind && old_target != *name && old_target == new_target {
            // An alias of the same type on both sides: its changes are reported under that type.
            continue;
        }
        let empty = BTreeMap::new();
        let before = old_members.get(old_target.as_str()).unwrap_or(&empty);
        let after = new_members.get(new_target.as_str()).unwrap_or(&empty);
        compare_members(name, new_resolved, before, after, changes);
    }
}

/// Whether a kind differs from another only by becoming `#[non_exhaustive]`.
fn made_non_exhaustive(old: &str, new: &str) -> bool {
    new.strip_suffix(", non-exhaustive") == Some(old)
}

fn type_noun(name: &str, what: &str) -> String {
    if name == "Environment" { format!("environments {what}") } else { format!("type {what}") }
}

fn compare_members(
    name: &str,
    kind: &str,
    before: &BTreeMap<&str, &Item>,
    after: &BTreeMap<&str, &Item>,
    changes: &mut Vec<Change>,
) {
    let exhaustive =
        !kind.ends_with(", non-exhaustive") && !matches!(kind, "enum" | "int enum") && name != "Environment";
    let noun = match (name, kind.trim_end_matches(", non-exhaustive")) {
        ("Environment", _) => "environment",
        (_, "enum") => "enum value",
        (_, "int enum") => "enum constant",
        (_, "union") => "union arm",
        _ => "field",
    };
    // Fields whose change also changes a function of the type (`with_x`, `new`): the function's
    // change is not counted again.
    let changed_fields: Vec<(&str, bool)> = after
        .iter()
        .filter(|(suffix, item)| before.get(*suffix) != Some(item))
        .chain(before.iter().filter(|(suffix, _)| !after.contains_key(*suffix)))
        .filter_map(|(suffix, item)| match item {
            Item::Field { presence, .. } => {
                let was_required = matches!(before.get(suffix), Some(Item::Field { presence: Presence::Required, .. }));
                Some((suffix.trim_start_matches('.'), *presence == Presence::Required || was_required))
            }
            _ => None,
        })
        .collect();
    let follows = |suffix: &str| match suffix.strip_prefix("::") {
        Some("new") => changed_fields.iter().any(|(_, required)| *required),
        Some(function) => changed_fields.iter().any(|(field, _)| function == crate::naming::with_setter(field)),
        None => false,
    };
    for (suffix, item) in after {
        let shown = shown_member(&format!("{name}{suffix}"), item);
        if before.get(suffix) != Some(item) && matches!(item, Item::Function { .. }) && follows(suffix) {
            continue;
        }
        match (before.get(suffix), item) {
            (None, Item::Field { presence, .. }) => {
                let kind = format!("{noun} added ({})", presence.label());
                let change = match presence {
                    Presence::Required => change(Class::Breaking, kind, shown, Some("`new(..)` takes it")),
                    _ if exhaustive => change(Class::Breaking, kind, shown, Some("breaks struct literals")),
                    _ => change(Class::Compatible, kind, shown, Some("the struct is #[non_exhaustive]")),
                };
                changes.push(change);
            }
            (None, Item::Function { .. }) => {
                changes.push(change(Class::Compatible, "function added", shown, None));
            }
            (None, _) if exhaustive => changes.push(change(
                Class::Breaking,
                format!("{noun} added"),
                shown,
                Some("breaks exhaustive `match`es"),
            )),
            // Enums, unions and error bodies are `#[non_exhaustive]`, integer enums open.
            (None, _) => changes.push(change(Class::Compatible, format!("{noun} added"), shown, None)),
            (Some(old), _) if *old == *item => {}
            (Some(Item::Field { ty: old_ty, presence: old_p }), Item::Field { ty, presence }) => {
                let kind = if old_p != presence {
                    format!("{noun} {} → {}", old_p.label(), presence.label())
                } else {
                    format!("{noun} type changed")
                };
                changes.push(change(Class::Breaking, kind, format!("{name}{suffix}: {old_ty} → {ty}"), None));
            }
            (Some(Item::Value { value: old_value }), Item::Value { value }) => changes.push(change(
                Class::Compatible,
                format!("{noun} changed"),
                format!("{name}{suffix}: {old_value} → {value}"),
                Some("the same Rust name sends another value"),
            )),
            (Some(old), _) => {
                let what = if matches!(item, Item::Function { .. }) { "function" } else { noun };
                changes.push(change(
                    Class::Breaking,
                    format!("{what} changed"),
                    format!("{} → {}", old.line(&format!("{name}{suffix}")), shown),
                    None,
                ))
            }
        }
    }
    for (suffix, item) in before {
        if !after.contains_key(suffix) {
            let shown = shown_member(&format!("{name}{suffix}"), item);
            let what = if matches!(item, Item::Function { .. }) {
                if follows(suffix) {
                    continue;
                }
                "function".to_owned()
            } else {
                noun.to_owned()
            };
            changes.push(change(Class::Breaking, format!("{what} removed"), shown, None));
        }
    }
}

/// A member as a change shows it: a field without its presence, which the kind of change says.
fn shown_member(name: &str, item: &Item) -> String {
    match item {
        Item::Field { ty, .. } => format!("{name}: {ty}"),
        _ => item.line(name),
    }
}
