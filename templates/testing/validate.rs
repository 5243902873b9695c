//! Checking a request against its operation, the way `Client::execute` checks its JSON input:
//! the request is turned back into the operation's JSON input (path, query and header
//! parameters under their wire names, the body where `execute` puts it), which then goes through
//! the same steps as a call by name — the top level against the operation's input schema, then
//! each field decoded into the operation's typed request builder — without anything being sent.
//! So the mock accepts exactly what the typed client and `execute` can send, and names the field
//! of anything else.
//!
//! A query parameter with one accepted value, which the client sends itself (`type=user`), is
//! checked against that value and kept out of the input. Query parameters the operation does
//! not have are ignored (as Intercom does); body fields it does not have are refused. Multipart bodies are not checked field by field.

use serde_json::{Map, Value};

use super::answer::Answer;
use super::journal::MockRequest;
use super::route::{Api, BodyAt, ParamAt, Route};
use crate::runtime::registry::Input;
use crate::runtime::{Client, Error, ExecuteError, InputProblem};

/// `Ok` when the request fits operation `index` of `api`, else Intercom's 400 naming the field.
pub(super) fn check(
    api: &Api,
    index: usize,
    request: &MockRequest,
    dry: &Client,
) -> Result<(), Answer> {
    let route = &api.routes[index];
    if route.body == BodyAt::Form {
        return Ok(());
    }
    let input = input(route, request)?;
    let op = &api.operations[index];
    let result = Input::new(op, input).and_then(|input| (api.dispatch)(dry, input));
    // The call is built, not started: dropping it sends nothing.
    match result {
        Ok(_call) => Ok(()),
        Err(Error::Execute(e)) => match *e {
            ExecuteError::InvalidInput { field, problem, .. } => {
                let code = match problem {
                    InputProblem::Missing => "parameter_not_found",
                    _ => "parameter_invalid",
                };
                let message = problem_message(&field, &problem);
                Err(Answer::invalid(code, &field, message))
            }
            // A resource compiled out: checked as far as the schema goes.
            _ => Ok(()),
        },
        Err(_) => Ok(()),
    }
}

fn problem_message(field: &str, problem: &InputProblem) -> String {
    match problem {
        InputProblem::Missing => format!("{field} is required"),
        InputProblem::Unknown { .. } => format!("{field} is not a parameter of this operation"),
        InputProblem::Invalid { reason } if field.is_empty() => {
            format!("the request is invalid: {reason}")
        }
        InputProblem::Invalid { reason } => format!("{field} is invalid: {reason}"),
        InputProblem::NotAnObject { found } => {
            format!("the request body must be a JSON object, not {found}")
        }
    }
}

/// The operation's JSON input, rebuilt from the request.
fn input(route: &Route, request: &MockRequest) -> Result<Value, Answer> {
    let mut input = Map::new();
    let claimed: Vec<&str> = route.params.iter().map(|p| p.wire).collect();
    for param in route.params {
        let value = match param.at {
            ParamAt::Path => request.path_param(param.wire).map(Value::from),
            ParamAt::Query => request.query(param.wire).map(Value::from),
            ParamAt::Header => request.header(param.wire).map(Value::from),
            ParamAt::List { explode } => {
                let values: Vec<Value> = request
                    .query_pairs()
                    .iter()
                    .filter(|(k, _)| k == param.wire)
                    .flat_map(|(_, v)| {
                        if explode {
                            vec![Value::from(v.as_str())]
                        } else {
                            v.split(',').map(Value::from).collect()
                        }
                    })
                    .collect();
                (!values.is_empty()).then_some(Value::Array(values))
            }
            ParamAt::Fixed { value } => {
                let problem = match request.query(param.wire) {
                    Some(found) if found == value => continue,
                    Some(found) => InputProblem::Invalid {
                        reason: format!("the only accepted value is {value:?}, not {found:?}"),
                    },
                    None => InputProblem::Missing,
                };
                let code = match problem {
                    InputProblem::Missing => "parameter_not_found",
                    _ => "parameter_invalid",
                };
                let message = problem_message(param.wire, &problem);
                return Err(Answer::invalid(code, param.wire, message));
            }
            ParamAt::Spread => {
                let spread: Map<String, Value> = request
                    .query_pairs()
                    .iter()
                    .filter(|(k, _)| !claimed.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
                    .collect();
                (!spread.is_empty()).then_some(Value::Object(spread))
            }
        };
        if let Some(value) = value {
            input.insert(param.wire.to_owned(), value);
        }
    }
    let body = request.body();
    if route.body == BodyAt::None || body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(input));
    }
    let body: Value = serde_json::from_slice(body).map_err(|e| {
        let message = format!("the request body is not valid JSON: {e}");
        Answer::invalid("parameter_invalid", "", message)
    })?;
    match (route.body, body) {
        (BodyAt::Merged, Value::Object(fields)) => input.extend(fields),
        (BodyAt::Merged, other) => {
            let found = match other {
                Value::Array(_) => "an array",
                Value::Null => "null",
                _ => "a scalar",
            };
            let problem = InputProblem::NotAnObject { found };
            return Err(Answer::invalid(
                "parameter_invalid",
                "",
                problem_message("", &problem),
            ));
        }
        (BodyAt::Key(key), value) => {
            input.insert(key.to_owned(), value);
        }
        _ => {}
    }
    Ok(Value::Object(input))
}
