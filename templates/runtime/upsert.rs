//! Create-or-update ("upsert") by a create operation's conflict answer: [`Upsert`], behind the
//! generated `upsert` helpers (`client.contacts().upsert(body)`).
//!
//! Intercom has no upsert for contacts, and finding the contact first does not work reliably:
//! search is eventually consistent, so a contact created a moment ago is often not found, and the
//! create that follows fails. What does work is the create itself: `POST /contacts` with the
//! `external_id` or email of an existing contact answers HTTP 409
//! `A contact matching those details already exists with id=…`
//! ([`ErrorKind::AlreadyExists`]). So an upsert sends the create; on that 409 it sends the
//! same body as an update of the contact the 409 names. That is one call when the record is new
//! and two when it exists, with no search, whatever search would have said.
//!
//! The 409 names whichever record matched "those details" (for contacts, the `external_id` or the
//! email); the update then writes the whole body, keys included, to that record. So a body whose
//! email belongs to another contact than its `external_id` updates the contact Intercom matched:
//! send the fields that identify one person.
//!
//! A 409 for an *archived* record is returned as it is (an [`Error::Api`] whose
//! [`existing_id`](super::ApiError::existing_id) names it): archiving was somebody's decision,
//! so an upsert does not undo it; unarchive it and upsert again if that is what you want.

use std::future::Future;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{Error, Result};
use super::error_kind::ErrorKind;

/// What an upsert did: created a record, or updated the one that already existed.
#[derive(Debug, Clone, PartialEq)]
pub enum Upsert<C, U> {
    /// No record matched: the create succeeded (one call).
    Created(C),
    /// A record matched: the create answered 409 naming it, and it was updated (two calls).
    Updated(U),
}

impl<C, U> Upsert<C, U> {
    /// Whether a new record was created.
    pub fn is_created(&self) -> bool {
        matches!(self, Upsert::Created(_))
    }

    /// Whether an existing record was updated.
    pub fn is_updated(&self) -> bool {
        matches!(self, Upsert::Updated(_))
    }

    /// The created record, if one was created.
    pub fn created(self) -> Option<C> {
        match self {
            Upsert::Created(c) => Some(c),
            Upsert::Updated(_) => None,
        }
    }

    /// The updated record, if one was updated.
    pub fn updated(self) -> Option<U> {
        match self {
            Upsert::Updated(u) => Some(u),
            Upsert::Created(_) => None,
        }
    }
}

impl<T> Upsert<T, T> {
    /// The record, created or updated.
    pub fn into_inner(self) -> T {
        match self {
            Upsert::Created(t) | Upsert::Updated(t) => t,
        }
    }
}

/// The update body carrying the same JSON as the create `body`, after checking that `body` sets
/// at least one of `keys` (the properties that identify a record: without one, no record can
/// match and every upsert would create).
///
/// The generator only declares an upsert when the update body takes every property of the
/// create body with the same type, so the conversion loses nothing.
#[allow(dead_code)] // Used by the generated `upsert` helpers, when their resources are compiled.
pub fn update_body<B: Serialize, U: DeserializeOwned>(
    operation: &'static str,
    body: &B,
    keys: &[&str],
) -> Result<U> {
    let json = serde_json::to_value(body).map_err(|e| {
        Error::InvalidRequest(format!(
            "{operation}: the body could not be serialized: {e}"
        ))
    })?;
    let set = |key: &&str| match json.get(*key) {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
    };
    if !keys.iter().any(set) {
        let names: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        return Err(Error::InvalidRequest(format!(
            "{operation}: an upsert needs {} to find an existing record; without one it could \
             only create",
            names.join(" or ")
        )));
    }
    serde_json::from_value(json).map_err(|e| {
        Error::InvalidRequest(format!(
            "{operation}: the body does not fit the update operation: {e}"
        ))
    })
}

/// Sends `create`; if Intercom answers that a matching record already exists (HTTP 409 naming
/// it, not archived), sends `update(id)` for that record.
#[allow(dead_code)] // As above.
pub async fn create_or_update<C, U, F>(
    create: impl Future<Output = Result<C>>,
    update: impl FnOnce(String) -> F,
) -> Result<Upsert<C, U>>
where
    F: Future<Output = Result<U>>,
{
    let error = match create.await {
        Ok(created) => return Ok(Upsert::Created(created)),
        Err(error) => error,
    };
    let id = match error.kind() {
        Some(ErrorKind::AlreadyExists {
            id,
            archived: false,
        }) => id.to_owned(),
        _ => return Err(error),
    };
    tracing::debug!(existing_id = %id, "upsert: the record exists; updating it");
    update(id).await.map(Upsert::Updated)
}

#[cfg(test)]
mod tests {
    use super::super::error::ApiError;
    use super::*;
    use serde_json::{Value, json};

    fn conflict(message: &str) -> Error {
        Error::from_answer(ApiError::from_response_parts(
            "createContact",
            409,
            None,
            json!({"type": "error.list", "errors": [{"code": "conflict", "message": message}]})
                .to_string()
                .as_bytes(),
        ))
    }

    #[test]
    fn update_body_needs_a_key() {
        let ok: Value = update_body(
            "op",
            &json!({"email": "a@b.c", "name": "A"}),
            &["external_id", "email"],
        )
        .unwrap();
        assert_eq!(ok, json!({"email": "a@b.c", "name": "A"}));
        for body in [
            json!({"role": "lead"}),
            json!({"email": null, "external_id": ""}),
        ] {
            let err = update_body::<_, Value>("createContact", &body, &["external_id", "email"])
                .unwrap_err();
            assert_eq!(
                err.to_string(),
                "invalid request: createContact: an upsert needs `external_id` or `email` to \
                 find an existing record; without one it could only create"
            );
        }
    }

    #[tokio::test]
    async fn created_updated_and_refused() {
        let created: Upsert<i32, i32> = create_or_update(async { Ok(1) }, |_| async { Ok(2) })
            .await
            .unwrap();
        assert_eq!(created, Upsert::Created(1));
        assert!(created.is_created() && !created.is_updated());
        assert_eq!(created.into_inner(), 1);

        let updated: Upsert<i32, String> = create_or_update(
            async {
                Err(conflict(
                    "A contact matching those details already exists with id=c9",
                ))
            },
            |id| async move { Ok(id) },
        )
        .await
        .unwrap();
        assert_eq!(updated.clone().updated().as_deref(), Some("c9"));
        assert_eq!(updated.created(), None);

        // An archived match, and any other error, come back as they are; no update is sent.
        for message in [
            "An archived contact matching those details already exists with id=c9",
            "Something else",
        ] {
            let err =
                create_or_update::<i32, i32, _>(async { Err(conflict(message)) }, |_| async {
                    panic!("no update")
                })
                .await
                .unwrap_err();
            assert_eq!(err.status(), Some(409));
        }
    }
}
