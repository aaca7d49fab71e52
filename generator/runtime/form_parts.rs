//! A `multipart/form-data` body whose parts the API does not name (its schema is an object
//! without properties, or with only `additionalProperties`): text fields and files by name,
//! sent in the order they were added.

use super::{File, Form, Result};

/// The parts of a multipart form the API leaves open: text fields and files, by name.
///
/// ```ignore
/// let parts = FormParts::new()
///     .text("title", "Quarterly report")
///     .file("document", File::from_bytes(pdf).with_name("report.pdf").with_content_type("application/pdf"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct FormParts {
    parts: Vec<(String, Value)>,
}

#[derive(Debug, Clone)]
enum Value {
    Text(String),
    File(File),
}

impl FormParts {
    /// No parts yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field (`Content-Disposition: form-data; name="…"`, no content type).
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push((name.into(), Value::Text(value.into())));
        self
    }

    /// Adds a file: its name (`filename="…"`, the field's name when the file has none) and
    /// content type (`application/octet-stream` when it has none) go with it.
    pub fn file(mut self, name: impl Into<String>, file: File) -> Self {
        self.parts.push((name.into(), Value::File(file)));
        self
    }

    /// Whether no part was added.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub(crate) fn to_form(&self) -> Result<Form> {
        let mut form = Form::new();
        for (name, value) in &self.parts {
            match value {
                Value::Text(text) => form.text(name, text),
                Value::File(file) => form.file(name, file),
            }
        }
        Ok(form)
    }
}
