//! The runtime every operation uses: client configuration, sending, errors, helper types.
//! Kept out of the per-operation code so that code stays a few lines each.

// Which parts of the core an API uses depends on its spec (no empty responses, no query…).
#![allow(dead_code, unused_imports, unused_macros)]

mod answer;
mod call;
mod client;
mod credentials;
mod error;
mod object;
mod redirect;
mod request;
mod retry;
mod send;
mod style;
#[cfg(feature = "tracing")]
mod trace;

pub(crate) use answer::{Decoder, ErrorDecoder, Read, empty, json};
pub use answer::Response;
pub use call::Call;
pub use client::{Client, ClientBuilder};
pub(crate) use client::{AuthStyle, Settings};
pub use error::{ApiError, DecodeError, Error, Result, Retried};
pub(crate) use object::{
    Json, JsonError, ObjectOut, Optional, Required, debug_json, json_deserialize, json_serde, json_serialize, object,
    read_object,
};
pub(crate) use request::{Operation, Payload, Request, RequestOptions, path_styled, path_text};
pub(crate) use style::Style;

// The optional modules this API uses follow (the generator's `emit/runtime.rs` picks them).
