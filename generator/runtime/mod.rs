//! The runtime every operation uses: client configuration, sending, errors, helper types.
//! Kept out of the per-operation code so that code stays a few lines each.

// Which parts of the runtime an API uses depends on its spec (no unions, no empty responses…).
#![allow(dead_code, unused_imports)]

mod call;
mod client;
mod enums;
mod error;
mod multipart;
mod nullable;
mod object;
mod request;
mod retry;
mod stream;
mod style;
mod union;

pub(crate) use call::{bytes, empty, events, json, json_stream};
pub use call::{Call, Response};
pub use client::{Client, ClientBuilder};
pub(crate) use client::{AuthStyle, Settings};
pub(crate) use enums::{StringEnum, deserialize as deserialize_string_enum, string_enum};
pub use error::{ApiError, DecodeError, Error, Result};
pub use nullable::Nullable;
pub(crate) use object::{Always, Field, Object, read_object, write_object};
pub use stream::{ByteStream, Event, EventStream, JsonStream};
pub(crate) use multipart::Form;
pub use multipart::File;
pub(crate) use request::{Payload, Request, path_styled, path_text};
pub(crate) use style::Style;
pub(crate) use union::{decode_variant, no_variant_matched, try_variant, write_tagged};
