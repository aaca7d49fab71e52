//! `src/errors.rs`: `ErrorBody`, the typed bodies of error responses, and the decoders the
//! methods use, as the model named them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, cfg, ident, ty_tokens};
use crate::model::{Api, ErrorDecoder, ErrorStatus, Ty};

/// The features the type a variant holds is behind (the named type inside a list or map).
fn features_of<'a>(api: &'a Api, ty: &Ty) -> &'a [String] {
    match ty {
        Ty::Named(name) => api.types.iter().find(|t| &t.name == name).map_or(&[], |t| t.features.as_slice()),
        Ty::List(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => features_of(api, inner),
        _ => &[],
    }
}

pub(super) fn emit(api: &Api) -> TokenStream {
    let variants = &api.errors.variants;
    // The variants hold the types they are named after: no doc line would say more.
    let decls = variants.iter().map(|(name, ty)| {
        let variant = ident(name);
        let cfg = cfg(features_of(api, ty));
        let ty = ty_tokens(ty, Scope::Outside);
        quote!(#cfg #variant(#ty),)
    });
    let functions = api.errors.decoders.iter().map(|decoder| {
        let cfg = cfg(&decoder.features);
        let function = function(api, decoder);
        quote!(#cfg #function)
    });
    quote! {
        //! Typed error bodies: what the spec says an operation answers with an error status.
        #![allow(deprecated)]

        /// The body of an error response, decoded into the schema the operation's spec gives
        /// for its status. Read it with [`ApiError::typed`](crate::ApiError::typed).
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum ErrorBody {
            #( #decls )*
        }

        #( #functions )*
    }
}

fn function(api: &Api, decoder: &ErrorDecoder) -> TokenStream {
    let function = ident(&decoder.name);
    let variant = |index: usize| ident(&api.errors.variants[index].0);
    // Only `default`: every status decodes the same way, with no `match` of one arm.
    if let [(ErrorStatus::Default, index)] = decoder.arms.as_slice() {
        let variant = variant(*index);
        return quote! {
            pub(crate) fn #function(_status: u16, body: &[u8]) -> Option<ErrorBody> {
                ::serde_json::from_slice(body).ok().map(ErrorBody::#variant)
            }
        };
    }
    let arms = decoder.arms.iter().map(|(status, index)| {
        let variant = variant(*index);
        let pattern = match status {
            ErrorStatus::Code(code) => quote!(#code),
            ErrorStatus::Range(class) => {
                let (low, high) = (class * 100, class * 100 + 99);
                quote!(#low..=#high)
            }
            ErrorStatus::Default => quote!(_),
        };
        quote!(#pattern => ::serde_json::from_slice(body).ok().map(ErrorBody::#variant),)
    });
    let fallback = (!decoder.arms.iter().any(|(s, _)| *s == ErrorStatus::Default)).then(|| quote!(_ => None,));
    quote! {
        pub(crate) fn #function(status: u16, body: &[u8]) -> Option<ErrorBody> {
            match status {
                #( #arms )*
                #fallback
            }
        }
    }
}
