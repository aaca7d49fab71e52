//! `src/client.rs`: where the API lives and how the key travels, plus `Environment`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{code, ident};
use crate::model::{Api, KeyStyle};

/// `src/client.rs`: where the API lives and how the key travels, plus `Environment`.
pub(super) fn emit(api: &Api, uses: &super::runtime::Uses) -> TokenStream {
    let default_url = api.environments.first().map(|e| e.url.clone()).unwrap_or_default();
    let auth = match &api.auth.style {
        KeyStyle::Header(name) => {
            let name = name.to_ascii_lowercase();
            quote!(crate::runtime::AuthStyle::Header(#name))
        }
        KeyStyle::Bearer => quote!(crate::runtime::AuthStyle::Bearer),
        KeyStyle::Basic => quote!(crate::runtime::AuthStyle::Basic),
        KeyStyle::Query(name) => quote!(crate::runtime::AuthStyle::Query(#name)),
    };
    let env = &api.auth.env;
    let credential_headers = &api.auth.credentials.headers;
    let credential_query = &api.auth.credentials.query;
    let environment = if api.environments.is_empty() {
        quote!()
    } else {
        let variants = api.environments.iter().enumerate().map(|(i, e)| {
            let name = ident(&e.name);
            let doc = match &e.description {
                Some(d) => format!(" {d} ({})", code(&e.url)),
                None => format!(" {}", code(&e.url)),
            };
            let default = (i == 0).then(|| quote!(#[default]));
            quote!(#[doc = #doc] #default #name,)
        });
        let arms = api.environments.iter().map(|e| {
            let name = ident(&e.name);
            let url = &e.url;
            quote!(Environment::#name => #url,)
        });
        quote! {
            /// The hosts the API is served from. The default is the first.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
            #[non_exhaustive]
            pub enum Environment {
                #( #variants )*
            }

            impl Environment {
                /// The base URL of this environment.
                pub const fn base_url(self) -> &'static str {
                    match self {
                        #( #arms )*
                    }
                }
            }

            impl crate::ClientBuilder {
                /// Sends requests to this environment's base URL.
                pub fn environment(self, environment: Environment) -> Self {
                    self.base_url(environment.base_url())
                }
            }
        }
    };
    // What `ApiError` holds as its typed body: nothing at all when no operation describes one.
    let typed_error_body =
        if uses.typed_errors { quote!(crate::errors::ErrorBody) } else { quote!(::std::convert::Infallible) };
    quote! {
        //! Settings the generator took from the spec and its config.

        /// The typed body an `ApiError` can hold.
        pub(crate) type TypedErrorBody = #typed_error_body;

        pub(crate) const SETTINGS: crate::runtime::Settings = crate::runtime::Settings {
            default_base_url: #default_url,
            auth: #auth,
            api_key_env: #env,
            credential_headers: &[#( #credential_headers ),*],
            credential_query: &[#( #credential_query ),*],
        };

        #environment
    }
}
