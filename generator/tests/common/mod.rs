//! Helpers shared by the behaviour tests.

use std::sync::atomic::{AtomicUsize, Ordering};

use wiremock::{Request, Respond, ResponseTemplate};

/// A wiremock responder that answers with each template in turn, then repeats the last.
pub struct Sequence(Vec<ResponseTemplate>, AtomicUsize);

/// Responds with `templates` in order (the last one from then on).
pub fn sequence(templates: Vec<ResponseTemplate>) -> Sequence {
    assert!(!templates.is_empty(), "a sequence needs a response");
    Sequence(templates, AtomicUsize::new(0))
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let i = self.1.fetch_add(1, Ordering::SeqCst);
        self.0[i.min(self.0.len() - 1)].clone()
    }
}
