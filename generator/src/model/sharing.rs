//! Cycles and sharing: boxing by-value cycles, and emitting identical shapes once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::ir::{Ty, TypeDef, TypeKind, VariantKind};

/// Types that contain themselves by value (directly or through others) would have infinite
/// size: every edge that closes such a cycle is boxed. Vectors and maps already add the
/// indirection, so only by-value edges count.
pub(super) fn box_cycles(types: &mut BTreeMap<String, TypeDef>) {
    pub(super) fn by_value(ty: &Ty) -> Option<&str> {
        match ty {
            Ty::Named(name) => Some(name),
            Ty::Option(inner) => by_value(inner),
            _ => None,
        }
    }
    pub(super) fn slots(def: &TypeDef) -> Vec<(usize, &str)> {
        match &def.kind {
            TypeKind::Struct(fields, _) | TypeKind::Form(fields, _) => {
                fields.iter().enumerate().filter_map(|(i, f)| Some((i, by_value(&f.ty)?))).collect()
            }
            TypeKind::Union(u) => u
                .variants
                .iter()
                .enumerate()
                .filter_map(|(i, v)| match &v.kind {
                    VariantKind::Value(ty, _) => Some((i, by_value(ty)?)),
                    VariantKind::Literal(_) => None,
                })
                .collect(),
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => Vec::new(),
        }
    }
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    pub(super) fn visit<'a>(
        name: &'a str,
        types: &'a BTreeMap<String, TypeDef>,
        marks: &mut BTreeMap<&'a str, Mark>,
        to_box: &mut BTreeSet<(String, usize)>,
    ) {
        marks.insert(name, Mark::Open);
        if let Some(def) = types.get(name) {
            for (slot, target) in slots(def) {
                match marks.get(target) {
                    Some(Mark::Open) => {
                        to_box.insert((name.to_owned(), slot));
                    }
                    Some(Mark::Done) => {}
                    None => visit(target, types, marks, to_box),
                }
            }
        }
        marks.insert(name, Mark::Done);
    }
    let mut to_box = BTreeSet::new();
    {
        let mut marks = BTreeMap::new();
        for name in types.keys() {
            if !marks.contains_key(name.as_str()) {
                visit(name, types, &mut marks, &mut to_box);
            }
        }
    }
    for (name, slot) in to_box {
        let Some(def) = types.get_mut(&name) else {
            continue;
        };
        let ty = match &mut def.kind {
            TypeKind::Struct(fields, _) | TypeKind::Form(fields, _) => &mut fields[slot].ty,
            TypeKind::Union(u) => match &mut u.variants[slot].kind {
                VariantKind::Value(ty, _) => ty,
                VariantKind::Literal(_) => continue,
            },
            TypeKind::Enum(_) | TypeKind::IntEnum(_) => continue,
        };
        *ty = Ty::Boxed(Box::new(std::mem::replace(ty, Ty::Json)));
    }
}

/// Types of exactly the same shape are emitted once: the first by name is defined, the others
/// become aliases of it (`pub type B = A;`), so every name the spec gives still works while
/// the compiler checks each shape once. Specs repeat shapes a lot (FastAPI's `…Input` /
/// `…Output` pairs, the same inline enum under many parents: a sixth of the ElevenLabs types).
///
/// Two types are the same when their kinds are equal apart from documentation, with every
/// reference to an aliased type read as its target; this repeats until nothing new is shared,
/// so that two structs that differ only in naming two same-shaped enums are shared too.
/// Parameter and form types belong to one operation and are left alone.
pub(super) fn share_identical(types: &mut [TypeDef]) {
    let shared = |def: &TypeDef| {
        matches!(def.kind, TypeKind::Struct(..) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::IntEnum(_))
    };
    let mut same_as: BTreeMap<String, String> = BTreeMap::new();
    // The first type (lowest index) of each shape not yet shared; a type of the same shape
    // becomes an alias of it. Only the types that name a newly aliased type change shape in
    // the next round, so only they are looked at again.
    let mut first_of: HashMap<TypeKind, usize> = HashMap::new();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for (i, def) in types.iter().enumerate().filter(|(_, def)| shared(def)) {
        let shape = shape_of(&def.kind, &same_as);
        match first_of.get(&shape) {
            Some(&first) => found.push((i, first)),
            None => {
                first_of.insert(shape, i);
            }
        }
    }
    while !found.is_empty() {
        let aliased: BTreeSet<&str> = found.iter().map(|&(i, _)| types[i].name.as_str()).collect();
        let changed: BTreeSet<usize> = types
            .iter()
            .enumerate()
            .filter(|(_, def)| shared(def) && !same_as.contains_key(&def.name) && !aliased.contains(def.name.as_str()))
            .filter(|(_, def)| names_any(&def.kind, &aliased))
            .map(|(i, _)| i)
            .collect();
        same_as.extend(found.drain(..).map(|(i, first)| (types[i].name.clone(), types[first].name.clone())));
        first_of.retain(|_, i| !changed.contains(i));
        for &i in &changed {
            let shape = shape_of(&types[i].kind, &same_as);
            match first_of.get(&shape).copied() {
                Some(first) if first < i => found.push((i, first)),
                // A type that comes first in order keeps its name, as in the first round.
                Some(later) => {
                    found.push((later, i));
                    first_of.insert(shape, i);
                }
                None => {
                    first_of.insert(shape, i);
                }
            }
        }
    }
    for def in types.iter_mut() {
        def.same_as = same_as.remove(&def.name);
    }
}

/// Whether a type's shape names any of `names` (what [`shape_of`] resolves: a form is never
/// shared, so its fields do not matter).
fn names_any(kind: &TypeKind, names: &BTreeSet<&str>) -> bool {
    kind.held().into_iter().any(|ty| ty.named().is_some_and(|name| names.contains(name)))
}

/// A type's shape: its kind without documentation, with aliased names resolved.
pub(super) fn shape_of(kind: &TypeKind, same_as: &BTreeMap<String, String>) -> TypeKind {
    let mut kind = kind.clone();
    let resolve = |ty: &mut Ty| {
        ty.visit_names_mut(&mut |name: &mut String| {
            if let Some(target) = same_as.get(name.as_str()) {
                name.clone_from(target);
            }
        })
    };
    match &mut kind {
        TypeKind::Struct(fields, _) => {
            for field in fields {
                field.doc = None;
                resolve(&mut field.ty);
            }
        }
        TypeKind::Union(union) => {
            for variant in &mut union.variants {
                if let VariantKind::Value(ty, _) = &mut variant.kind {
                    resolve(ty);
                }
            }
        }
        TypeKind::Enum(_) | TypeKind::IntEnum(_) | TypeKind::Form(..) => {}
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ir::{Field, Members};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            doc: None,
            origin: String::new(),
            deprecated: false,
            kind,
            same_as: None,
            members: Members::default(),
            features: Vec::new(),
        }
    }

    fn holding(name: &str, names: &[&str]) -> TypeDef {
        let fields = names
            .iter()
            .enumerate()
            .map(|(i, held)| Field {
                name: format!("f{i}"),
                wire: format!("f{i}"),
                ty: Ty::Named((*held).into()),
                required: true,
                nullable: false,
                doc: None,
                deprecated: false,
                base64: false,
                default: None,
            })
            .collect();
        def(name, TypeKind::Struct(fields, Vec::new()))
    }

    fn int_enum(name: &str, value: i64) -> TypeDef {
        def(name, TypeKind::IntEnum(vec![("A".into(), value)]))
    }

    /// What `share_identical` computed before it looked again only at the types that changed:
    /// every round, every shape.
    fn every_round_every_shape(types: &mut [TypeDef]) {
        let mut same_as: BTreeMap<String, String> = BTreeMap::new();
        loop {
            let mut first_of: HashMap<TypeKind, &str> = HashMap::new();
            let mut found = Vec::new();
            for def in types.iter() {
                if same_as.contains_key(&def.name) || matches!(def.kind, TypeKind::Form(..)) {
                    continue;
                }
                let shape = shape_of(&def.kind, &same_as);
                match first_of.get(&shape) {
                    Some(first) => found.push((def.name.clone(), (*first).to_owned())),
                    None => {
                        first_of.insert(shape, &def.name);
                    }
                }
            }
            if found.is_empty() {
                break;
            }
            same_as.extend(found);
        }
        for def in types.iter_mut() {
            def.same_as = same_as.remove(&def.name);
        }
    }

    fn aliases(types: &[TypeDef]) -> Vec<(String, Option<String>)> {
        types.iter().map(|t| (t.name.clone(), t.same_as.clone())).collect()
    }

    #[test]
    fn sharing_spreads_through_holders_and_the_first_in_order_keeps_its_name() {
        let mut types = vec![
            holding("Outer1", &["First"]),
            holding("Outer2", &["Second"]),
            holding("First", &["Two"]),
            holding("Second", &["One"]),
            int_enum("One", 1),
            int_enum("Two", 1),
            int_enum("Three", 3),
        ];
        share_identical(&mut types);
        let got: Vec<(String, String)> =
            types.iter().filter_map(|t| Some((t.name.clone(), t.same_as.clone()?))).collect();
        let want = [("Outer2", "Outer1"), ("Second", "First"), ("Two", "One")];
        assert_eq!(got, want.map(|(a, b)| (a.to_owned(), b.to_owned())));
    }

    #[test]
    fn looking_again_only_at_changed_types_shares_what_every_shape_every_round_does() {
        // Small pseudo-random sets of structs over a few enums, many rounds deep.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..300 {
            let enums = 1 + next(4) as usize;
            let structs = 1 + next(12) as usize;
            let mut types: Vec<TypeDef> = Vec::new();
            let names: Vec<String> = (0..structs).map(|i| format!("S{i}")).collect();
            for i in 0..structs {
                let held: Vec<String> = (0..1 + next(2))
                    .map(|_| {
                        // A struct holds an enum or a struct defined anywhere in the set.
                        if next(2) == 0 {
                            format!("E{}", next(enums as u64))
                        } else {
                            names[next(structs as u64) as usize].clone()
                        }
                    })
                    .collect();
                let held: Vec<&str> = held.iter().map(String::as_str).collect();
                types.push(holding(&names[i], &held));
            }
            for e in 0..enums {
                types.push(int_enum(&format!("E{e}"), next(2) as i64));
            }
            // Interleave: the order decides who keeps the name.
            let len = types.len();
            for i in (1..len).rev() {
                types.swap(i, next(i as u64 + 1) as usize);
            }
            let mut expected = types.clone();
            every_round_every_shape(&mut expected);
            share_identical(&mut types);
            assert_eq!(aliases(&types), aliases(&expected));
        }
    }
}
