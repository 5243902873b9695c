//! Closed-world shape matching of JSON values, for choosing the variant of a request-side union.
//!
//! Some request bodies are one of several object shapes that share no tag: `POST /tags` takes
//! `{name, id?}`, `{name, companies: [{id?, company_id?}]}`,
//! `{name, companies: [{id?, company_id?, untag?}]}` or `{name, users: [{id?}]}`. A generated
//! `Deserialize` for such a union buffers the value and asks [`fits`] which variant's [`Shape`]
//! it has. Shapes are plain `'static` data, so generated code declares them as `const` or
//! `static` items without allocating (a `static` may refer to itself, for recursive shapes):
//!
//! ```ignore
//! use crate::runtime::shape::{JsonKind, Prop, Shape};
//!
//! static TAG_USERS: Shape = Shape::Object(&[
//!     Prop { key: "name", required: true, shape: &Shape::Kind(JsonKind::String) },
//!     Prop {
//!         key: "users",
//!         required: true,
//!         shape: &Shape::Array(&Shape::Object(&[Prop {
//!             key: "id",
//!             required: false,
//!             shape: &Shape::Kind(JsonKind::String),
//!         }])),
//!     },
//! ]);
//! ```
//!
//! Objects are closed: a key the shape does not declare makes the value not fit.

use serde_json::Value;

/// The expected shape of a JSON value; see [`fits`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// Any value, `null` included.
    Any,
    /// An object with exactly these possible keys: each required one present and not `null`, no
    /// others, and every present value fitting its property's shape (`null` fits any optional
    /// property).
    Object(&'static [Prop]),
    /// An array whose every element fits the shape (an empty array fits).
    Array(&'static Shape),
    /// Any value of this JSON kind.
    Kind(JsonKind),
}

/// One declared key of a [`Shape::Object`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Prop {
    /// The key.
    pub key: &'static str,
    /// Whether the key must be present with a non-`null` value.
    pub required: bool,
    /// The shape its value must have (a `null` value of an optional property always fits).
    pub shape: &'static Shape,
}

/// The kind of a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonKind {
    /// A string.
    String,
    /// A number: integer or float.
    Number,
    /// `true` or `false`.
    Bool,
    /// `null`.
    Null,
    /// An array, whatever its elements.
    Array,
    /// An object, whatever its keys.
    Object,
}

impl JsonKind {
    /// The kind of `value`.
    pub const fn of(value: &Value) -> JsonKind {
        match value {
            Value::String(_) => JsonKind::String,
            Value::Number(_) => JsonKind::Number,
            Value::Bool(_) => JsonKind::Bool,
            Value::Null => JsonKind::Null,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }
}

/// Whether `value` has the given shape:
///
/// * [`Shape::Any`] fits anything;
/// * [`Shape::Object`] fits an object whose required keys are all present and not `null`, whose
///   every key is declared (closed world), and whose present values fit their properties'
///   shapes (a `null` value fits any optional property);
/// * [`Shape::Array`] fits an array whose every element fits the item shape (so an empty array
///   fits any array shape);
/// * [`Shape::Kind`] fits a value of that JSON kind (`Number` takes integers and floats).
///
/// Recursion follows the value, so it is bounded by the value's depth even for recursive shapes.
pub fn fits(value: &Value, shape: &Shape) -> bool {
    match shape {
        Shape::Any => true,
        Shape::Kind(kind) => JsonKind::of(value) == *kind,
        Shape::Array(item) => match value {
            Value::Array(elements) => elements.iter().all(|e| fits(e, item)),
            _ => false,
        },
        Shape::Object(props) => match value {
            Value::Object(map) => {
                let declared = map.iter().all(|(key, v)| {
                    props.iter().find(|p| p.key == key).is_some_and(|p| {
                        if v.is_null() {
                            !p.required
                        } else {
                            fits(v, p.shape)
                        }
                    })
                });
                declared
                    && props
                        .iter()
                        .filter(|p| p.required)
                        .all(|p| map.contains_key(p.key))
            }
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const STRING: Shape = Shape::Kind(JsonKind::String);

    // The four body shapes of `POST /tags`.
    const CREATE_OR_UPDATE: Shape = Shape::Object(&[
        Prop {
            key: "name",
            required: true,
            shape: &STRING,
        },
        Prop {
            key: "id",
            required: false,
            shape: &STRING,
        },
    ]);

    const TAG_COMPANIES: Shape = Shape::Object(&[
        Prop {
            key: "name",
            required: true,
            shape: &STRING,
        },
        Prop {
            key: "companies",
            required: true,
            shape: &Shape::Array(&Shape::Object(&[
                Prop {
                    key: "id",
                    required: false,
                    shape: &STRING,
                },
                Prop {
                    key: "company_id",
                    required: false,
                    shape: &STRING,
                },
            ])),
        },
    ]);

    const UNTAG_COMPANIES: Shape = Shape::Object(&[
        Prop {
            key: "name",
            required: true,
            shape: &STRING,
        },
        Prop {
            key: "companies",
            required: true,
            shape: &Shape::Array(&Shape::Object(&[
                Prop {
                    key: "id",
                    required: false,
                    shape: &STRING,
                },
                Prop {
                    key: "company_id",
                    required: false,
                    shape: &STRING,
                },
                Prop {
                    key: "untag",
                    required: true,
                    shape: &Shape::Kind(JsonKind::Bool),
                },
            ])),
        },
    ]);

    static TAG_USERS: Shape = Shape::Object(&[
        Prop {
            key: "name",
            required: true,
            shape: &STRING,
        },
        Prop {
            key: "users",
            required: true,
            shape: &Shape::Array(&Shape::Object(&[Prop {
                key: "id",
                required: false,
                shape: &STRING,
            }])),
        },
    ]);

    const TAG_SHAPES: [&Shape; 4] = [
        &CREATE_OR_UPDATE,
        &TAG_COMPANIES,
        &UNTAG_COMPANIES,
        &TAG_USERS,
    ];

    /// The indices of the shapes `value` fits.
    fn fitting(value: &Value, shapes: &[&Shape]) -> Vec<usize> {
        (0..shapes.len())
            .filter(|&i| fits(value, shapes[i]))
            .collect()
    }

    #[test]
    fn tag_bodies_fit_exactly_one_shape() {
        let cases = [
            (json!({"name": "Independent"}), 0),
            (json!({"name": "Independent", "id": "656452352"}), 0),
            (
                json!({"name": "Independent", "companies": [{"id": "531ee472cce572a6ec000006", "company_id": "6"}]}),
                1,
            ),
            (
                json!({"name": "Independent", "companies": [{"id": "531ee472cce572a6ec000006", "untag": true}]}),
                2,
            ),
            (
                json!({"name": "Independent", "users": [{"id": "5f7f0d217289f8d2f4262080"}]}),
                3,
            ),
        ];
        for (body, expected) in cases {
            assert_eq!(fitting(&body, &TAG_SHAPES), [expected], "{body}");
        }
        // A body of none of the shapes.
        for body in [
            json!({"id": "1"}),
            json!({"name": "x", "users": [{"id": "1"}], "companies": []}),
            json!({"name": "x", "companies": [{"id": "1", "untag": "yes"}]}),
            json!({"name": 1}),
            json!(["name"]),
            json!("name"),
            json!(null),
        ] {
            assert_eq!(fitting(&body, &TAG_SHAPES), [] as [usize; 0], "{body}");
        }
    }

    #[test]
    fn empty_arrays_fit_any_array_shape() {
        // So an empty list is ambiguous between the two `companies` shapes.
        let body = json!({"name": "x", "companies": []});
        assert_eq!(fitting(&body, &TAG_SHAPES), [1, 2]);
        assert!(fits(
            &json!([]),
            &Shape::Array(&Shape::Kind(JsonKind::Null))
        ));
        assert!(!fits(&json!({}), &Shape::Array(&Shape::Any)));
    }

    #[test]
    fn required_null_and_optional_null() {
        assert!(!fits(&json!({"name": null}), &CREATE_OR_UPDATE));
        assert!(fits(&json!({"name": "x", "id": null}), &CREATE_OR_UPDATE));
        assert!(!fits(&json!({"id": "1"}), &CREATE_OR_UPDATE));
        // Even a required `Any` property must not be null.
        let any = Shape::Object(&[Prop {
            key: "v",
            required: true,
            shape: &Shape::Any,
        }]);
        assert!(fits(&json!({"v": [1, "x"]}), &any));
        assert!(!fits(&json!({"v": null}), &any));
        assert!(!fits(&json!({}), &any));
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(!fits(&json!({"name": "x", "extra": 1}), &CREATE_OR_UPDATE));
        assert!(!fits(
            &json!({"name": "x", "extra": null}),
            &CREATE_OR_UPDATE
        ));
        assert!(!fits(
            &json!({"name": "x", "users": [{"id": "1", "email": "a@b.c"}]}),
            &TAG_USERS
        ));
        assert!(fits(&json!({}), &Shape::Object(&[])));
        assert!(!fits(&json!({"a": 1}), &Shape::Object(&[])));
    }

    #[test]
    fn kinds() {
        let cases = [
            (json!("s"), JsonKind::String),
            (json!(1), JsonKind::Number),
            (json!(-1), JsonKind::Number),
            (json!(1.5), JsonKind::Number),
            (json!(false), JsonKind::Bool),
            (json!(null), JsonKind::Null),
            (json!([1]), JsonKind::Array),
            (json!({"a": 1}), JsonKind::Object),
        ];
        for (value, kind) in &cases {
            assert_eq!(JsonKind::of(value), *kind);
            for (_, other) in &cases {
                assert_eq!(fits(value, &Shape::Kind(*other)), kind == other, "{value}");
            }
            assert!(fits(value, &Shape::Any));
        }
    }

    // The search query: `{operator, value}` where `value` is an array of nested queries or an
    // array of single filters `{field, operator, value}`. Recursive, so `static`.
    const OPERATOR: Shape = Shape::Kind(JsonKind::String);

    static SINGLE_FILTER: Shape = Shape::Object(&[
        Prop {
            key: "field",
            required: true,
            shape: &STRING,
        },
        Prop {
            key: "operator",
            required: true,
            shape: &OPERATOR,
        },
        Prop {
            key: "value",
            required: false,
            shape: &Shape::Any,
        },
    ]);

    static NESTED_QUERIES: Shape = Shape::Object(&[
        Prop {
            key: "operator",
            required: true,
            shape: &OPERATOR,
        },
        Prop {
            key: "value",
            required: true,
            shape: &Shape::Array(&NESTED_QUERIES),
        },
    ]);

    static FILTER_LIST: Shape = Shape::Object(&[
        Prop {
            key: "operator",
            required: true,
            shape: &OPERATOR,
        },
        Prop {
            key: "value",
            required: true,
            shape: &Shape::Array(&SINGLE_FILTER),
        },
    ]);

    #[test]
    fn nested_and_recursive_arrays() {
        let filters = json!({"operator": "AND", "value": [
            {"field": "created_at", "operator": ">", "value": "1306054154"},
            {"field": "role", "operator": "=", "value": null},
        ]});
        assert!(fits(&filters, &FILTER_LIST));
        assert!(!fits(&filters, &NESTED_QUERIES));

        // Nested queries ending in empty lists fit the recursive shape at every depth.
        let nested = json!({"operator": "OR", "value": [
            {"operator": "AND", "value": []},
            {"operator": "AND", "value": [{"operator": "OR", "value": []}]},
        ]});
        assert!(fits(&nested, &NESTED_QUERIES));
        assert!(!fits(&nested, &FILTER_LIST));
        let mixed = json!({"operator": "OR", "value": [
            {"operator": "AND", "value": []},
            {"field": "name", "operator": "=", "value": "x"},
        ]});
        assert!(!fits(&mixed, &NESTED_QUERIES));
        assert!(!fits(&mixed, &FILTER_LIST));

        // Arrays of arrays.
        let matrix = Shape::Array(&Shape::Array(&Shape::Kind(JsonKind::Number)));
        assert!(fits(&json!([[1, 2.5], [], [3]]), &matrix));
        assert!(!fits(&json!([[1], ["2"]]), &matrix));
        assert!(!fits(&json!([1]), &matrix));

        // Deeper than serde_json's parser allows (128 levels), built by hand.
        let mut deep = json!({"operator": "AND", "value": []});
        for _ in 0..200 {
            deep = json!({"operator": "AND", "value": [deep]});
        }
        assert!(fits(&deep, &NESTED_QUERIES));
    }
}
