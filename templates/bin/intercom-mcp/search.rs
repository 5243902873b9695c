//! Ranking operations for a free-text query (`search_operations`): each word of the query
//! scores where it appears in an operation (its `resource.method` name, its summary, its path
//! or id), and operations are ordered by score, then by how few words of their name the query
//! leaves out, then by name.

use intercom_api::OperationInfo;

/// The words of a text: lower-case runs of letters and digits, without a final plural `s`
/// (`Contacts` → `contact`).
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut w = w.to_lowercase();
            if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
                w.pop();
            }
            w
        })
}

/// Whether query word `q` matches word `w`: equal, or (for query words of three letters or more)
/// a prefix of it.
fn matches(q: &str, w: &str) -> bool {
    w == q || (q.len() >= 3 && w.starts_with(q))
}

/// How well `op` matches the query words: per word, 3 in its name, 2 in its summary, 1 in its
/// path or id; and how many words of its name the query left unmatched (fewer is closer).
fn score(op: &OperationInfo, query: &[String]) -> (usize, usize) {
    let name: Vec<String> = words(op.name).collect();
    let places: [(Vec<String>, usize); 3] = [
        (words(op.summary).collect(), 2),
        (words(op.path).collect(), 1),
        (words(op.id).collect(), 1),
    ];
    let score = query
        .iter()
        .map(|q| {
            if name.iter().any(|w| matches(q, w)) {
                return 3;
            }
            places
                .iter()
                .filter(|(ws, _)| ws.iter().any(|w| matches(q, w)))
                .map(|(_, weight)| *weight)
                .max()
                .unwrap_or(0)
        })
        .sum();
    let unmatched = name
        .iter()
        .filter(|w| !query.iter().any(|q| matches(q, w)))
        .count();
    (score, unmatched)
}

/// The operations of `ops` matching `query`, best first, at most `limit`. A query without words
/// (empty, or only punctuation) matches every operation, by name.
pub fn search<'a>(
    ops: impl Iterator<Item = &'a OperationInfo>,
    query: &str,
    limit: usize,
) -> Vec<&'a OperationInfo> {
    // Queries are words, not documents: bounded so a huge input costs nothing.
    let query: Vec<String> = words(query).take(16).collect();
    let mut ranked: Vec<((usize, usize), &OperationInfo)> = ops
        .map(|op| (score(op, &query), op))
        .filter(|((score, _), _)| query.is_empty() || *score > 0)
        .collect();
    // Highest score, then fewest unmatched name words, then by name.
    ranked.sort_by(|((a, m), x), ((b, n), y)| {
        b.cmp(a).then(m.cmp(n)).then_with(|| x.name.cmp(y.name))
    });
    ranked.into_iter().take(limit).map(|(_, op)| op).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(query: &str, limit: usize) -> Vec<&'static str> {
        search(intercom_api::OPERATIONS.iter(), query, limit)
            .into_iter()
            .map(|op| op.name)
            .collect()
    }

    #[test]
    fn ranks_name_matches_first() {
        assert_eq!(names("contacts get", 1), ["contacts.get"]);
        assert_eq!(names("Get a contact", 1), ["contacts.get"]);
        let tags = names("tag", 50);
        assert!(tags.iter().all(|n| {
            let op = intercom_api::operation(n).unwrap();
            format!("{} {} {} {}", op.name, op.summary, op.path, op.id)
                .to_lowercase()
                .contains("tag")
        }));
        assert!(tags.contains(&"tags.list"), "{tags:?}");
    }

    #[test]
    fn empty_and_odd_queries() {
        assert_eq!(names("", 5).len(), 5);
        assert!(names("zzzqqq", 5).is_empty());
        assert!(names(&"contact ".repeat(10_000), 3).len() <= 3);
        // No words at all: like an empty query.
        assert_eq!(names("\u{0}\u{ffff}🙂 -", 3).len(), 3);
    }
}
