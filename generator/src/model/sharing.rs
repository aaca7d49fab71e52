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
    let mut same_as: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let mut first_of: HashMap<TypeKind, &str> = HashMap::new();
        let mut found = Vec::new();
        for def in types.iter() {
            if same_as.contains_key(&def.name)
                || !matches!(
                    def.kind,
                    TypeKind::Struct(..) | TypeKind::Enum(_) | TypeKind::Union(_) | TypeKind::IntEnum(_)
                )
            {
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
