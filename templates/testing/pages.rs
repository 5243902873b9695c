//! Pages of paged operations: the default answer is one last page, and a stub with
//! [`items`](super::StubBuilder::items) serves its items page by page with working cursors, page
//! numbers or a scroll, the way the operation's paging style says.
//!
//! A page is the operation's default answer (its frame) with the items replaced and the
//! operation's paging fields set: the next cursor (removed on the last page), `has_more`, the
//! page number and page count, and a top-level `total_count` when the frame has one. Cursors are
//! opaque to clients (`mock_cursor_<offset>`); a cursor the mock did not make is refused with a
//! 400, a scroll parameter it does not know with Intercom's 404 `scroll parameter not found`,
//! and a second scroll while one is open with Intercom's 400 `scroll_exists`.

use std::sync::Mutex;

use serde_json::{Map, Value};

use super::answer::Answer;
use super::journal::MockRequest;
use super::route::{InputAt, Paging};
use crate::runtime::PagingStyle;

/// The page size when the request asks for none and the stub sets none.
pub(super) const DEFAULT_PER_PAGE: usize = 50;

const CURSOR_PREFIX: &str = "mock_cursor_";
const SCROLL_PREFIX: &str = "mock_scroll_";

/// The items a stub serves.
pub(super) struct Dataset {
    items: Items,
    per_page: Option<usize>,
    scrolls: Mutex<Scrolls>,
}

enum Items {
    /// This many copies of the operation's item template, with ids 1, 2, ….
    Made(usize),
    /// These.
    Given(Vec<Value>),
}

#[derive(Default)]
struct Scrolls {
    /// Scrolls started so far (names the next one).
    started: usize,
    /// Open scrolls: id and the offset of their next page (an ended scroll's parameter is
    /// answered 404, like an expired one).
    open: Vec<(String, usize)>,
}

impl Dataset {
    /// `count` items made from the operation's item template.
    pub(super) fn made(count: usize, per_page: Option<usize>) -> Dataset {
        Dataset::new(Items::Made(count), per_page)
    }

    /// The given items.
    pub(super) fn given(items: Vec<Value>, per_page: Option<usize>) -> Dataset {
        Dataset::new(Items::Given(items), per_page)
    }

    fn new(items: Items, per_page: Option<usize>) -> Dataset {
        Dataset {
            items,
            per_page: per_page.map(|n| n.max(1)),
            scrolls: Mutex::new(Scrolls::default()),
        }
    }

    fn len(&self) -> usize {
        match &self.items {
            Items::Made(n) => *n,
            Items::Given(items) => items.len(),
        }
    }

    /// Items `start..end` (clamped).
    fn slice(&self, template: &str, start: usize, end: usize) -> Vec<Value> {
        let end = end.min(self.len());
        let start = start.min(end);
        match &self.items {
            Items::Given(items) => items[start..end].to_vec(),
            Items::Made(_) => {
                let template: Value = serde_json::from_str(template).unwrap_or_default();
                (start..end).map(|i| made_item(&template, i + 1)).collect()
            }
        }
    }
}

/// The template with its `id` replaced by `n` (as a string or a number, as the template has it).
fn made_item(template: &Value, n: usize) -> Value {
    let mut item = template.clone();
    if let Some(id) = item.get_mut("id") {
        *id = match id {
            Value::Number(_) => Value::from(n),
            _ => Value::String(n.to_string()),
        };
    }
    item
}

/// The default answer of a paged operation: `frame` (the documented example) as one last page,
/// with its own items and no next cursor.
pub(super) fn last_page(paging: &Paging, mut frame: Value, request: &MockRequest) -> Value {
    let page = read_number(request, paging.page_in).unwrap_or(1).max(1);
    if let Some(path) = paging.next_cursor {
        remove(&mut frame, path);
    }
    if let Some(path) = paging.has_more {
        set(&mut frame, path, Value::Bool(false));
    }
    if let Some(path) = paging.page {
        set(&mut frame, path, Value::from(page));
    }
    if let Some(path) = paging.total_pages {
        set(&mut frame, path, Value::from(page));
    }
    frame
}

/// The page of `data` that `request` asks for.
pub(super) fn page(
    paging: &Paging,
    mut frame: Value,
    data: &Dataset,
    request: &MockRequest,
) -> Result<Value, Answer> {
    let total = data.len();
    let per_page = read_number(request, paging.per_page_in)
        .map(|n| usize::try_from(n.max(1)).unwrap_or(usize::MAX))
        .or(data.per_page)
        .unwrap_or(DEFAULT_PER_PAGE);
    let pages = total.div_ceil(per_page).max(1);
    let (offset, next) = match paging.style {
        PagingStyle::PageNumber => {
            let page = read_number(request, paging.page_in).unwrap_or(1).max(1);
            let page = usize::try_from(page).unwrap_or(usize::MAX);
            (per_page.saturating_mul(page - 1), None)
        }
        PagingStyle::Scroll => {
            let (offset, id) = scroll(paging, data, request, per_page)?;
            (offset, Some(id))
        }
        _ => {
            let offset = match read(request, paging.cursor_in) {
                None => 0,
                Some(cursor) => parse_cursor(&cursor).ok_or_else(|| {
                    let field = input_name(paging.cursor_in);
                    let message = format!("{field} {cursor:?} is not a cursor this server gave");
                    Answer::invalid("parameter_invalid", &field, message)
                })?,
            };
            let end = offset.saturating_add(per_page);
            (
                offset,
                (end < total).then(|| format!("{CURSOR_PREFIX}{end}")),
            )
        }
    };
    let items = data.slice(paging.item, offset, offset.saturating_add(per_page));
    let page = offset / per_page + 1;
    let more = offset.saturating_add(per_page) < total;
    if paging.items.len() == 1
        && let Some(count) = frame.get_mut("total_count")
    {
        *count = Value::from(total);
    }
    set(&mut frame, paging.items, Value::Array(items));
    if let Some(path) = paging.next_cursor {
        match next {
            Some(cursor) => set(&mut frame, path, Value::String(cursor)),
            None => remove(&mut frame, path),
        }
    }
    if let Some(path) = paging.has_more {
        set(&mut frame, path, Value::Bool(more));
    }
    if let Some(path) = paging.page {
        set(&mut frame, path, Value::from(page));
    }
    if let Some(path) = paging.total_pages {
        set(&mut frame, path, Value::from(pages));
    }
    Ok(frame)
}

/// Starts or continues a scroll: the offset of this page and the scroll's id.
fn scroll(
    paging: &Paging,
    data: &Dataset,
    request: &MockRequest,
    per_page: usize,
) -> Result<(usize, String), Answer> {
    let mut scrolls = data.scrolls.lock().unwrap_or_else(|e| e.into_inner());
    let (id, offset) = match read(request, paging.cursor_in) {
        None => {
            if !scrolls.open.is_empty() {
                return Err(Answer::error(
                    400,
                    "scroll_exists",
                    "scroll already exists for this workspace",
                ));
            }
            scrolls.started += 1;
            (format!("{SCROLL_PREFIX}{}", scrolls.started), 0)
        }
        Some(id) => match scrolls.open.iter().position(|(open, _)| *open == id) {
            Some(i) => scrolls.open.remove(i),
            None => {
                return Err(Answer::error(
                    404,
                    "not_found",
                    "scroll parameter not found",
                ));
            }
        },
    };
    // The empty page ends the scroll.
    if offset < data.len() {
        scrolls
            .open
            .push((id.clone(), offset.saturating_add(per_page)));
    }
    Ok((offset, id))
}

fn parse_cursor(cursor: &str) -> Option<usize> {
    cursor.strip_prefix(CURSOR_PREFIX)?.parse().ok()
}

/// The name of a paging input, for errors (`starting_after`, `pagination.starting_after`).
fn input_name(at: Option<InputAt>) -> String {
    match at {
        Some(InputAt::Query(name)) => name.to_owned(),
        Some(InputAt::Body(path)) => path.join("."),
        None => String::new(),
    }
}

/// A paging input of the request, as text.
fn read(request: &MockRequest, at: Option<InputAt>) -> Option<String> {
    match at? {
        InputAt::Query(name) => request.query(name).map(str::to_owned),
        InputAt::Body(path) => {
            let body = request.json()?;
            match path.iter().try_fold(&body, |v, key| v.get(key))? {
                Value::String(s) => Some(s.clone()),
                Value::Null => None,
                other => Some(other.to_string()),
            }
        }
    }
}

fn read_number(request: &MockRequest, at: Option<InputAt>) -> Option<i64> {
    read(request, at)?.trim().parse().ok()
}

/// Sets `path` in `value`, making the objects on the way.
fn set(value: &mut Value, path: &[&str], new: Value) {
    let Some((last, parents)) = path.split_last() else {
        *value = new;
        return;
    };
    let mut at = value;
    for key in parents {
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
        let Value::Object(map) = at else {
            return;
        };
        at = map
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    if !at.is_object() {
        *at = Value::Object(Map::new());
    }
    if let Value::Object(map) = at {
        map.insert((*last).to_owned(), new);
    }
}

/// Removes `path` from `value`, and the objects on the way that it leaves empty.
fn remove(value: &mut Value, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    let Value::Object(map) = value else {
        return;
    };
    if rest.is_empty() {
        map.remove(*first);
        return;
    }
    if let Some(child) = map.get_mut(*first) {
        remove(child, rest);
        if child.as_object().is_some_and(Map::is_empty) {
            map.remove(*first);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn set_and_remove_follow_paths() {
        let mut v = json!({"pages": {"next": {"starting_after": "x"}, "page": 1}});
        remove(&mut v, &["pages", "next", "starting_after"]);
        assert_eq!(v, json!({"pages": {"page": 1}}));
        set(&mut v, &["pages", "next", "starting_after"], json!("y"));
        assert_eq!(v["pages"]["next"]["starting_after"], "y");
        set(&mut v, &["data"], json!([1]));
        assert_eq!(v["data"], json!([1]));
        remove(&mut v, &["missing", "key"]);
    }

    #[test]
    fn made_items_keep_the_kind_of_their_id() {
        assert_eq!(
            made_item(&json!({"id": "a", "x": 1}), 7),
            json!({"id": "7", "x": 1})
        );
        assert_eq!(made_item(&json!({"id": 5}), 7), json!({"id": 7}));
        assert_eq!(made_item(&json!({"x": 1}), 7), json!({"x": 1}));
        let data = Dataset::made(3, None);
        assert_eq!(data.slice(r#"{"id":"0"}"#, 1, 10).len(), 2);
        assert_eq!(parse_cursor("mock_cursor_20"), Some(20));
        assert_eq!(parse_cursor("WzE3MDAwMDAwMDBd"), None);
    }
}
