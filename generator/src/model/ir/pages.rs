//! Lists read page by page: how a paginated operation's pages follow each other. The call of
//! such an operation gets `pages()` and `items()`; `model::pagination` decides which operations
//! page and how.

use super::{Presence, Ty};

/// How one operation's pages follow each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pager {
    /// The query parameter that says where a page starts (its wire name).
    pub param: String,
    /// Where the page after a page starts.
    pub next: NextPage,
    /// The response field that holds a page's items.
    pub items: FieldRef,
    /// The items' type.
    pub item: Ty,
    /// The response field that says whether another page follows (`has_more`), when there is one.
    pub more: Option<FieldRef>,
}

/// A field of a struct, as the code that reads it needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// Its Rust name.
    pub name: String,
    /// How it is held (`T`, `Option<T>`, `Nullable<T>`).
    pub presence: Presence,
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextPage {
    /// A response field holds the value to send (`next_cursor`, `last_history_item_id`).
    Field(FieldRef),
    /// A field of the page's last item (`id`, for `starting_after`).
    LastItem(FieldRef),
    /// An offset: the next page starts after the items read. `first` is where a call that sets
    /// no offset starts.
    Offset {
        /// The parameter's default, else 0.
        first: u64,
    },
    /// A page number: one more each time. `first` is the page of a call that sets none.
    Number {
        /// The parameter's default, else 1.
        first: u64,
    },
}
