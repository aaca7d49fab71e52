//! The typed error body of an [`ApiError`]: only in crates whose API describes error bodies.

use super::ApiError;

impl ApiError {
    /// The body decoded into the error schema the operation's spec gives for this status
    /// (for example the validation error of a 422), when it has one and the body fits it.
    pub fn typed(&self) -> Option<&crate::errors::ErrorBody> {
        self.typed.as_ref()
    }
}
