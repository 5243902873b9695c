//! [`ExecuteError`] and [`InputProblem`]: why `Client::execute` refused a call before sending
//! anything (the [`registry`](super::registry) finds and checks; this module only says what went
//! wrong, so [`Error`](super::Error) can hold it without depending on the registry).

use std::fmt;

/// Why `Client::execute` refused a call before sending anything (inside [`Error::Execute`](super::Error::Execute)).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExecuteError {
    /// No operation has this id or `resource.method` name.
    UnknownOperation {
        /// The name asked for.
        name: String,
        /// The closest known names (at most three, closest first).
        suggestions: Vec<&'static str>,
    },
    /// The operation's resource is compiled out: its cargo feature is off.
    FeatureDisabled {
        /// The operation, `resource.method`.
        operation: &'static str,
        /// The cargo feature of `intercom-api` that would enable it.
        feature: &'static str,
    },
    /// Items were asked for (`execute_items`) from an operation that is not paginated.
    NotPaginated {
        /// The operation, `resource.method`.
        operation: &'static str,
    },
    /// The JSON input does not fit the operation.
    InvalidInput {
        /// The operation, `resource.method`.
        operation: &'static str,
        /// The input field at fault as a JSON path (`contact_id`, `custom_attributes.plan`,
        /// `query.value[1].operator`); empty when the problem is the input as a whole.
        field: String,
        /// What is wrong with it.
        problem: InputProblem,
    },
}

/// What is wrong with a field of `Client::execute`'s input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputProblem {
    /// A required field is missing.
    Missing,
    /// The operation has no such field.
    Unknown {
        /// The closest field names the operation has (at most three).
        suggestions: Vec<String>,
    },
    /// The value does not fit the field's type.
    Invalid {
        /// The decoder's explanation.
        reason: String,
    },
    /// The input is not a JSON object.
    NotAnObject {
        /// The kind of JSON value given instead (`"an array"`).
        found: &'static str,
    },
}

impl fmt::Display for ExecuteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecuteError::UnknownOperation { name, suggestions } => {
                write!(f, "unknown operation {name:?}")?;
                did_you_mean(f, suggestions)
            }
            ExecuteError::FeatureDisabled { operation, feature } => write!(
                f,
                "{operation}: the cargo feature {feature:?} of intercom-api is not enabled"
            ),
            ExecuteError::NotPaginated { operation } => write!(
                f,
                "{operation}: the operation is not paginated, so it has no items to collect"
            ),
            ExecuteError::InvalidInput {
                operation,
                field,
                problem,
            } => match problem {
                InputProblem::Missing => write!(f, "{operation}: missing field {field:?}"),
                InputProblem::Unknown { suggestions } => {
                    write!(f, "{operation}: unknown field {field:?}")?;
                    did_you_mean(f, suggestions)
                }
                InputProblem::Invalid { reason } if field.is_empty() => {
                    write!(f, "{operation}: invalid input: {reason}")
                }
                InputProblem::Invalid { reason } => {
                    write!(f, "{operation}: invalid field {field:?}: {reason}")
                }
                InputProblem::NotAnObject { found } => write!(
                    f,
                    "{operation}: the input must be a JSON object, found {found}"
                ),
            },
        }
    }
}

fn did_you_mean<S: AsRef<str>>(f: &mut fmt::Formatter<'_>, names: &[S]) -> fmt::Result {
    for (i, name) in names.iter().enumerate() {
        let sep = if i == 0 { "; did you mean " } else { ", " };
        write!(f, "{sep}{:?}", name.as_ref())?;
    }
    if !names.is_empty() {
        f.write_str("?")?;
    }
    Ok(())
}

impl std::error::Error for ExecuteError {}
