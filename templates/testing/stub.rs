//! Stubs: answers for one operation, for the requests that match, as often as allowed
//! ([`StubBuilder`], from `MockServer::on`).

use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use super::answer::Answer;
use super::journal::MockRequest;
use super::pages::Dataset;
use crate::runtime::OperationInfo;

/// The operation a stub answers for.
#[derive(Clone, Copy)]
pub(super) struct Target {
    /// The API (index in the server's list: the stable API, then Preview).
    pub(super) api: usize,
    /// The operation (index in that API's table).
    pub(super) index: usize,
    /// Its row of the operation table.
    pub(super) op: &'static OperationInfo,
}

/// Every stub of a server, newest last.
#[derive(Clone, Default)]
pub(super) struct Stubs(Arc<Mutex<Vec<Arc<StubState>>>>);

impl Stubs {
    /// The newest stub for `api`/`index` that matches `request` and may answer again; counts the
    /// hit. Returns it with the hit's number (0 for its first answer).
    pub(super) fn claim(
        &self,
        api: usize,
        index: usize,
        request: &MockRequest,
    ) -> Option<(Arc<StubState>, usize)> {
        // Matchers run without the lock held: they may be the caller's closures.
        let candidates: Vec<Arc<StubState>> = self
            .lock()
            .iter()
            .rev()
            .filter(|s| s.target.api == api && s.target.index == index)
            .cloned()
            .collect();
        candidates.into_iter().find_map(|stub| {
            if !stub.matchers.iter().all(|m| m.matches(request)) {
                return None;
            }
            let limit = stub.limit;
            let hit = stub
                .hits
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |hits| {
                    limit.is_none_or(|l| hits < l).then_some(hits + 1)
                })
                .ok()?;
            Some((stub, hit))
        })
    }

    /// Removes every stub.
    pub(super) fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Arc<StubState>>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A registered stub.
pub(super) struct StubState {
    target: Target,
    matchers: Vec<Matcher>,
    /// How many times it may answer (`None`: always).
    limit: Option<usize>,
    hits: AtomicUsize,
    /// A delay for every answer (on top of the answer's own).
    pub(super) delay: Option<Duration>,
    pub(super) responder: Responder,
}

/// How a stub answers.
pub(super) enum Responder {
    /// Always this.
    Fixed(Answer),
    /// These, one per hit.
    Sequence(Vec<Answer>),
    /// What the closure says.
    With(Box<dyn Fn(&MockRequest) -> Answer + Send + Sync>),
    /// Pages of these items.
    Pages(Dataset),
}

type Predicate = Box<dyn Fn(&MockRequest) -> bool + Send + Sync>;

enum Matcher {
    PathParam(String, String),
    Query(String, String),
    BodyPartial(Value),
    BodyJson(Value),
    With(Predicate),
}

impl Matcher {
    fn matches(&self, request: &MockRequest) -> bool {
        match self {
            Matcher::PathParam(name, value) => request.path_param(name) == Some(value.as_str()),
            Matcher::Query(name, value) => request
                .query_pairs()
                .iter()
                .any(|(k, v)| k == name && v == value),
            Matcher::BodyPartial(expected) => request
                .json()
                .is_some_and(|actual| contains(&actual, expected)),
            Matcher::BodyJson(expected) => request.json().as_ref() == Some(expected),
            Matcher::With(predicate) => predicate(request),
        }
    }
}

/// Whether `actual` has everything `expected` has: objects key by key (recursively), anything
/// else equal.
fn contains(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| contains(av, v))),
        _ => actual == expected,
    }
}

/// Sets up a stub for one operation: matchers and limits first, then one answering method
/// ([`json`](Self::json), [`answer`](Self::answer), [`error`](Self::error),
/// [`respond_with`](Self::respond_with), [`sequence`](Self::sequence), [`items`](Self::items),
/// [`with_items`](Self::with_items)) registers it.
///
/// A request is answered by the newest stub of its operation whose matchers all match and that
/// may still answer; otherwise by the operation's default answer. Requests are validated
/// before stubs see them: a stub answers only requests Intercom would accept.
///
/// ```no_run
/// # async fn run() {
/// use std::time::Duration;
/// use intercom_api::testing::{Answer, MockServer};
/// use serde_json::json;
///
/// let mock = MockServer::start().await;
/// mock.on("contacts.get")
///     .path_param("contact_id", "404")
///     .error(404, "not_found", "User Not Found");
/// mock.on("contacts.update")
///     .body_partial(json!({"email": "new@example.com"}))
///     .times(1)
///     .json(200, json!({"type": "contact", "id": "1", "email": "new@example.com"}));
/// mock.on("contacts.list")
///     .sequence([Answer::rate_limited(Duration::ZERO), Answer::example()]);
/// # }
/// ```
#[must_use = "a stub is registered by one of its answering methods (`json`, `answer`, …)"]
pub struct StubBuilder {
    stubs: Stubs,
    target: Target,
    matchers: Vec<Matcher>,
    limit: Option<usize>,
    delay: Option<Duration>,
    per_page: Option<usize>,
}

impl fmt::Debug for StubBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StubBuilder")
            .field("operation", &self.target.op.name)
            .field("matchers", &self.matchers.len())
            .field("times", &self.limit)
            .finish()
    }
}

impl StubBuilder {
    pub(super) fn new(stubs: Stubs, target: Target) -> StubBuilder {
        StubBuilder {
            stubs,
            target,
            matchers: Vec::new(),
            limit: None,
            delay: None,
            per_page: None,
        }
    }

    /// Only requests whose path parameter `name` (as the path template names it, decoded) is
    /// `value`.
    pub fn path_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.matchers
            .push(Matcher::PathParam(name.into(), value.into()));
        self
    }

    /// Only requests with the query parameter `name=value` (decoded; any of a repeated key's
    /// values).
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.matchers
            .push(Matcher::Query(name.into(), value.into()));
        self
    }

    /// Only requests whose JSON body has everything `expected` has (objects compared key by
    /// key, recursively; other values equal).
    pub fn body_partial(mut self, expected: Value) -> Self {
        self.matchers.push(Matcher::BodyPartial(expected));
        self
    }

    /// Only requests whose JSON body equals `expected`.
    pub fn body_json(mut self, expected: Value) -> Self {
        self.matchers.push(Matcher::BodyJson(expected));
        self
    }

    /// Only requests `predicate` accepts.
    pub fn matching(
        mut self,
        predicate: impl Fn(&MockRequest) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.matchers.push(Matcher::With(Box::new(predicate)));
        self
    }

    /// Answers at most `n` times; later requests go to older stubs or the default answer.
    pub fn times(mut self, n: usize) -> Self {
        self.limit = Some(n);
        self
    }

    /// Waits `delay` before each answer (real time; for timeout tests).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// The page size of [`items`](Self::items) and [`with_items`](Self::with_items) when a
    /// request asks for none (default 50).
    pub fn per_page(mut self, n: usize) -> Self {
        self.per_page = Some(n);
        self
    }

    /// Answers `answer`.
    pub fn answer(self, answer: Answer) -> Stub {
        self.register(Responder::Fixed(answer))
    }

    /// Answers `status` with `value` as JSON.
    pub fn json(self, status: u16, value: impl serde::Serialize) -> Stub {
        self.answer(Answer::json(status, value))
    }

    /// Answers Intercom's error body ([`Answer::error`]).
    pub fn error(self, status: u16, code: impl Into<String>, message: impl Into<String>) -> Stub {
        self.answer(Answer::error(status, code, message))
    }

    /// Answers what `respond` returns for each request.
    pub fn respond_with(
        self,
        respond: impl Fn(&MockRequest) -> Answer + Send + Sync + 'static,
    ) -> Stub {
        self.register(Responder::With(Box::new(respond)))
    }

    /// Answers each of `answers` once, in order (at most [`times`](Self::times) of them).
    pub fn sequence(mut self, answers: impl IntoIterator<Item = Answer>) -> Stub {
        let answers: Vec<Answer> = answers.into_iter().collect();
        self.limit = Some(self.limit.map_or(answers.len(), |l| l.min(answers.len())));
        self.register(Responder::Sequence(answers))
    }

    /// For a paginated operation: answers pages of `count` items made from the operation's
    /// example item (ids `1`, `2`, …), with working cursors, page numbers or scroll parameters,
    /// as the operation pages; `per_page` from the request, else [`per_page`](Self::per_page).
    ///
    /// # Panics
    ///
    /// If the operation is not paginated.
    pub fn items(self, count: usize) -> Stub {
        let per_page = self.per_page;
        self.pages(Dataset::made(count, per_page))
    }

    /// [`items`](Self::items) with these items.
    ///
    /// # Panics
    ///
    /// If the operation is not paginated.
    pub fn with_items(self, items: Vec<Value>) -> Stub {
        let per_page = self.per_page;
        self.pages(Dataset::given(items, per_page))
    }

    fn pages(self, data: Dataset) -> Stub {
        let op = self.target.op;
        assert!(
            op.paging.is_paginated(),
            "{} is not paginated: stub it with `json` or `answer`",
            op.name
        );
        self.register(Responder::Pages(data))
    }

    fn register(self, responder: Responder) -> Stub {
        let state = Arc::new(StubState {
            target: self.target,
            matchers: self.matchers,
            limit: self.limit,
            hits: AtomicUsize::new(0),
            delay: self.delay,
            responder,
        });
        self.stubs.lock().push(Arc::clone(&state));
        Stub(state)
    }
}

/// A registered stub: how often it answered.
#[derive(Clone)]
pub struct Stub(Arc<StubState>);

impl Stub {
    /// How many requests it answered.
    pub fn hits(&self) -> usize {
        self.0.hits.load(Ordering::SeqCst)
    }

    /// Whether it may not answer again ([`StubBuilder::times`], or a finished
    /// [`sequence`](StubBuilder::sequence)).
    pub fn is_exhausted(&self) -> bool {
        self.0.limit.is_some_and(|l| self.hits() >= l)
    }
}

impl fmt::Debug for Stub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("operation", &self.0.target.op.name)
            .field("hits", &self.hits())
            .field("times", &self.0.limit)
            .finish()
    }
}
