//! Unit tests of `crate::normalize`.

use super::*;

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).expect("test yaml")
}

fn run(doc: &str) -> (Value, Fixups, Diagnostics) {
    let mut doc = yaml(doc);
    let mut d = Diagnostics::new();
    let f = normalize(&mut doc, &mut d);
    (doc, f, d)
}

fn with_schema(schema: &str) -> String {
    format!("components:\n  schemas:\n    a: {{type: object}}\n    s: {schema}\n")
}

fn schema_s(doc: &Value) -> &Value {
    &doc["components"]["schemas"]["s"]
}

#[test]
fn ref_with_siblings_becomes_all_of() {
    let (doc, f, _) = run(&with_schema(
        "{$ref: '#/components/schemas/a', nullable: true, description: d}",
    ));
    assert_eq!(
        schema_s(&doc),
        &yaml("{nullable: true, description: d, allOf: [{$ref: '#/components/schemas/a'}]}")
    );
    assert_eq!(f.counts()["ref-siblings"], 1);
}

#[test]
fn dangling_ref_becomes_any() {
    let (doc, _, d) = run(&with_schema(
        "{type: object, properties: {c: {$ref: '#/components/schemas/missing'}}}",
    ));
    assert_eq!(schema_s(&doc)["properties"]["c"], yaml("{}"));
    assert_eq!(d.warning_count(), 1);
    assert!(
        d.to_string()
            .contains("#/components/schemas/s/properties/c")
    );
}

#[test]
fn infers_enum_and_object_types() {
    let (doc, _, _) = run(&with_schema(
        "{properties: {k: {enum: [x, null]}, b: {enum: [true]}}}",
    ));
    let s = schema_s(&doc);
    assert_eq!(s["type"].as_str(), Some("object"));
    assert_eq!(s["properties"]["k"]["type"].as_str(), Some("string"));
    assert_eq!(s["properties"]["b"]["type"].as_str(), Some("boolean"));
}

#[test]
fn properties_beside_one_of_move_into_all_of_keeping_order() {
    let (doc, _, _) = run(&with_schema(
        "{type: object, description: d, properties: {z: {type: string}, a: {type: string}}, required: [z], oneOf: [{required: [x]}]}",
    ));
    assert_eq!(
        schema_s(&doc),
        &yaml(
            "{description: d, allOf: [{type: object, properties: {z: {type: string}, a: {type: string}}, required: [z]}, {oneOf: [{required: [x]}]}]}"
        )
    );
    let keys: Vec<&str> = schema_s(&doc)["allOf"][0]["properties"]
        .as_mapping()
        .expect("properties")
        .keys()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(keys, ["z", "a"]);
}

#[test]
fn all_of_with_sibling_properties_gets_an_extension_member() {
    let (doc, _, _) = run(&with_schema(
        "{allOf: [{$ref: '#/components/schemas/a'}], properties: {p: {type: string}}}",
    ));
    assert_eq!(
        schema_s(&doc),
        &yaml(
            "{allOf: [{$ref: '#/components/schemas/a'}, {type: object, properties: {p: {type: string}}}]}"
        )
    );
}

#[test]
fn unknown_required_names_are_dropped() {
    let (doc, _, d) = run(&with_schema(
        "{type: object, properties: {a: {}}, required: [a, b]}",
    ));
    assert_eq!(schema_s(&doc)["required"], yaml("[a]"));
    assert!(d.to_string().contains("names b"));
}

#[test]
fn string_with_properties_is_a_string() {
    let (doc, _, _) = run(&with_schema(
        "{type: string, properties: {a: {}}, required: [a]}",
    ));
    assert_eq!(schema_s(&doc), &yaml("{type: string}"));
}

#[test]
fn path_parameters_are_repaired() {
    let (doc, f, d) = run(
        "paths:\n  /jobs/{job}/{other}:\n    get:\n      parameters:\n        - {name: job, in: query, schema: {type: integer}}\n      responses: {}\n",
    );
    let params = &doc["paths"]["/jobs/{job}/{other}"]["get"]["parameters"];
    assert_eq!(params[0]["in"].as_str(), Some("path"));
    assert_eq!(params[0]["required"].as_bool(), Some(true));
    assert_eq!(params[0]["schema"], yaml("{type: string}"));
    assert_eq!(params[1]["name"].as_str(), Some("other"));
    let counts = f.counts();
    assert_eq!(counts["path-param-in-query"], 1);
    assert_eq!(counts["path-param-undeclared"], 1);
    assert_eq!(d.warning_count(), 1);
}

#[test]
fn template_vars_in_order() {
    assert_eq!(template_vars("/a/{x}/b/{y}"), vec!["x", "y"]);
    assert_eq!(template_vars("/a/{unclosed"), Vec::<String>::new());
}
