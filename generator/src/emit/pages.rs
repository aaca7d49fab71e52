//! The pages of a paginated call (in `src/api.rs`): how its pages follow each other
//! (`runtime::Paged`, on the call's marker), and the call's `pages()` and `items()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scope, ident, ty_tokens};
use crate::model::{FieldRef, Method, NextPage, Pager, Presence};

/// How the pages of a paginated call follow each other (`runtime::Paged`, on its marker), and
/// the call's `pages()` and `items()`.
pub(super) fn paged(m: &Method, pager: &Pager, call: &proc_macro2::Ident) -> TokenStream {
    let page = super::api::output_type(&m.response);
    let item = ty_tokens(&pager.item, Scope::Outside);
    let param = &pager.param;
    let items_field = ident(&pager.items.name);
    let count = match pager.items.presence {
        Presence::Required => quote!(page.#items_field.len()),
        _ => quote!(page.#items_field.as_ref().map_or(0, Vec::len)),
    };
    let next = match &pager.next {
        NextPage::Field(field) => {
            let value = field_ref(field, quote!(page));
            quote!(crate::runtime::Next::cursor(#value))
        }
        NextPage::LastItem(id) => {
            let last = match pager.items.presence {
                Presence::Required => quote!(page.#items_field.last()),
                _ => quote!(page.#items_field.as_ref().and_then(|items| items.last())),
            };
            let id_field = ident(&id.name);
            let value = match id.presence {
                Presence::Required => quote!(#last.map(|item| &item.#id_field)),
                _ => quote!(#last.and_then(|item| item.#id_field.as_ref())),
            };
            quote!(crate::runtime::Next::cursor(#value))
        }
        NextPage::Offset { first } => {
            let first = proc_macro2::Literal::u64_unsuffixed(*first);
            quote!(crate::runtime::Next::offset(#count, #first))
        }
        NextPage::Number { first } => {
            let first = proc_macro2::Literal::u64_unsuffixed(*first);
            quote!(crate::runtime::Next::page(#count, #first))
        }
    };
    let next = match &pager.more {
        Some(flag) => {
            let name = ident(&flag.name);
            let more = match flag.presence {
                Presence::Required => quote!(Some(page.#name)),
                _ => quote!(page.#name.as_ref().copied()),
            };
            quote!(#next.while_more(#more))
        }
        None => next,
    };
    let items = match pager.items.presence {
        Presence::Required => quote!(page.#items_field),
        Presence::OptionalNullable => quote!(page.#items_field.into_option().unwrap_or_default()),
        _ => quote!(page.#items_field.unwrap_or_default()),
    };
    let until = match (&pager.next, &pager.more) {
        (_, Some(flag)) => format!("`{}` is false", flag.name.trim_start_matches("r#")),
        (NextPage::Field(field), None) => format!("`{}` is empty", field.name.trim_start_matches("r#")),
        (NextPage::LastItem(_) | NextPage::Offset { .. } | NextPage::Number { .. }, None) => {
            "a page is empty".to_owned()
        }
    };
    let pages_doc = format!(
        " Every page, one request each: this call's, then each with `{param}` set to where the page before ended, until {until}. Each request is retried as the call would be; an error ends the stream."
    );
    let items_doc = format!(
        " Every item (`{}`) of every page, in order (see [`pages`](Self::pages)).",
        pager.items.name.trim_start_matches("r#")
    );
    quote! {
        impl crate::runtime::Paged for #call {
            type Page = #page;
            type Item = #item;
            const PARAM: &'static str = #param;

            #[inline]
            fn next(page: &Self::Page) -> crate::runtime::Next {
                #next
            }

            #[inline]
            fn items(page: Self::Page) -> Vec<Self::Item> {
                #items
            }
        }

        impl<'a> crate::Call<'a, #page, #call> {
            #[doc = #pages_doc]
            #[inline]
            pub fn pages(self) -> crate::Pages<'a, #page> {
                crate::runtime::pages(self)
            }

            #[doc = #items_doc]
            #[inline]
            pub fn items(self) -> crate::Items<'a, #item> {
                crate::runtime::items(self)
            }
        }
    }
}

/// A field's value as an `Option<&T>`.
fn field_ref(field: &FieldRef, of: TokenStream) -> TokenStream {
    let name = ident(&field.name);
    match field.presence {
        Presence::Required => quote!(Some(&#of.#name)),
        _ => quote!(#of.#name.as_ref()),
    }
}
