//! Unit tests of `crate::search_fields`.

use super::*;
use crate::diagnostics::child;

const AT: &str = "#/paths/~1contacts~1search/post/description";

fn run(md: &str) -> (Option<SearchFields>, Diagnostics) {
    let mut d = Diagnostics::new();
    let out = parse(md, AT, &mut d);
    for w in d.iter() {
        assert_eq!(w.pointer, AT, "every warning is at the description");
    }
    (out, d)
}

/// Parses and expects a result.
fn ok(md: &str) -> (SearchFields, Diagnostics) {
    let (out, d) = run(md);
    (out.expect("an Accepted Fields table"), d)
}

/// A description with the given `Field | Type` rows and `Operator | Valid Types` rows.
fn doc(fields: &str, operators: &str) -> String {
    format!(
        "Intro.\n\n### Accepted Fields\n\nSome prose.\n\n| Field | Type |\n| --- | --- |\n{fields}\n\n### Accepted Operators\n\n| Operator | Valid Types | Description |\n| :--- | :--- | :--- |\n{operators}\n"
    )
}

/// The operator rows of the 2.16 contacts table.
const CONTACT_OPS: &str = "\
| =        | All                                  | Equals |
| !=       | All except Date                      | Doesn't Equal |
| IN       | All except Date and tag_id           | In<br>Shortcut for `OR` queries |
| NIN      | All except Date and tag_id           | Not In |
| >        | Integer<br>Date             | Greater than |
| <        | Integer<br>Date             | Lower than |
| >=       | Integer                     | Greater than or equal to |
| <=       | Integer                     | Lower than or equal to |
| ~        | String                               | Contains |
| !~       | String                               | Doesn't Contain |
| ^        | String                               | Starts With |
| $        | String                               | Ends With |";

fn ops(wires: &[&str]) -> BTreeSet<Operator> {
    wires
        .iter()
        .map(|w| operator(w).expect("a wire operator"))
        .collect()
}

fn field_ops(sf: &SearchFields, path: &str) -> BTreeSet<Operator> {
    sf.operators_for(sf.field(path).expect("the field"))
}

fn messages(d: &Diagnostics) -> String {
    d.to_string()
}

#[test]
fn op_wire_forms_round_trip() {
    for op in Operator::ALL {
        assert_eq!(operator(op.as_str()), Some(op));
    }
    assert_eq!(operator("in"), Some(Operator::In));
    assert_eq!(operator("Nin"), Some(Operator::NotIn));
    assert_eq!(operator("=="), None);
    assert_eq!(parse_op(" `<`       "), Some(Operator::LessThan));
    assert_eq!(parse_op("\"!=\""), Some(Operator::NotEquals));
}

#[test]
fn rows_with_irregular_padding_and_optional_outer_pipes() {
    let md = doc(
        "| id | String |\n|   title                           |   String    |\n|name|Integer|\nemail | Boolean",
        "| = | All | Equals |",
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    let got: Vec<(&str, FieldType)> = sf.fields.iter().map(|f| (f.path.as_str(), f.ty)).collect();
    assert_eq!(
        got,
        [
            ("id", FieldType::String),
            ("title", FieldType::String),
            ("name", FieldType::Integer),
            ("email", FieldType::Boolean),
        ]
    );
}

#[test]
fn alignment_rows_are_not_fields() {
    let md = "### Accepted Fields\n| Field | Type |\n| :---------- | ----------: |\n| id | String |\n|:---|:---:|\n| email | String |\n";
    let (sf, d) = ok(md);
    let paths: Vec<&str> = sf.fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["id", "email"]);
    // Only the missing operators section is reported, not the alignment rows.
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("no `Accepted Operators` section"));
}

#[test]
fn br_in_a_type_cell_starts_a_note() {
    let md = doc(
        "| role | String<br>Accepts user or lead |\n| source.type | String<br>Accepted fields are `conversation`, `email` and `whatsapp`. |\n| kind | String<BR/>first<br />second |\n| plain | String |",
        "| = | All | Equals |",
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    let note = |p: &str| sf.field(p).and_then(|f| f.note.clone());
    assert_eq!(note("role").as_deref(), Some("Accepts user or lead"));
    assert_eq!(
        note("source.type").as_deref(),
        Some("Accepted fields are `conversation`, `email` and `whatsapp`.")
    );
    assert_eq!(note("kind").as_deref(), Some("first second"));
    assert_eq!(note("plain"), None);
    assert!(sf.fields.iter().all(|f| f.ty == FieldType::String));
}

#[test]
fn every_documented_type_cell() {
    let md = doc(
        "| a | String |\n| b | Integer |\n| c | Float |\n| d | Boolean |\n| e | Date (UNIX Timestamp) |\n| f | Date (UNIX timestamp) |\n| g | Datetime (Unix timestamp in seconds) |\n| h | string |",
        "| = | All | Equals |",
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    let types: Vec<FieldType> = sf.fields.iter().map(|f| f.ty).collect();
    use FieldType::*;
    assert_eq!(
        types,
        [
            String, Integer, Float, Boolean, Date, Date, Datetime, String
        ]
    );
    assert!(sf.fields.iter().all(|f| f.alternatives.is_empty()));
}

#[test]
fn mixed_type_lists_its_alternatives_and_allows_every_table_operator() {
    let md = doc(
        "| ticket_attribute.{id} | String or Boolean or Date (UNIX timestamp) or Float or Integer |\n| tag_id | String |",
        CONTACT_OPS,
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    let f = sf.field("ticket_attribute.{id}").expect("field");
    assert_eq!(f.ty, FieldType::Mixed);
    assert_eq!(f.placeholder.as_deref(), Some("id"));
    use FieldType::*;
    assert_eq!(
        f.alternatives,
        BTreeSet::from([String, Boolean, Date, Float, Integer])
    );
    assert_eq!(sf.operators_for(f), BTreeSet::from(Operator::ALL));
    assert!(!sf.operators.contains_key(&Mixed));
    // A mixed field with no alternatives recorded still gets every operator in the table.
    let bare = SearchField {
        alternatives: BTreeSet::new(),
        ..f.clone()
    };
    assert_eq!(sf.operators_for(&bare), BTreeSet::from(Operator::ALL));
}

#[test]
fn mixed_operators_are_the_union_of_the_alternatives() {
    let md = doc(
        "| x | Boolean or Integer |",
        "| = | All | |\n| > | Integer | |\n| ~ | String | |",
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    assert_eq!(field_ops(&sf, "x"), ops(&["=", ">"]));
}

#[test]
fn the_type_may_follow_prose_in_a_later_segment() {
    let md = doc(
        "| custom_attributes.{attribute_name} | Matches the attribute's own type<br>(String, Integer, Float, Boolean or Date) |",
        "| = | All | |",
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    let f = &sf.fields[0];
    assert_eq!(f.ty, FieldType::Mixed);
    assert_eq!(f.alternatives.len(), 5);
    assert_eq!(f.note.as_deref(), Some("Matches the attribute's own type"));
    assert_eq!(f.placeholder.as_deref(), Some("attribute_name"));
}

#[test]
fn an_unknown_type_is_a_warning_and_the_row_is_skipped() {
    let md = doc(
        "| a | Strnig |\n| b | String or Text |\n| c | Accepts user or lead |\n| d | |\n| e | String |",
        "| = | All | |",
    );
    let (sf, d) = ok(&md);
    let paths: Vec<&str> = sf.fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["e"]);
    assert_eq!(d.warning_count(), 4, "{d}");
    let m = messages(&d);
    assert!(m.contains("`a` has type `Strnig`"), "{m}");
    assert!(m.contains("`b` has type `String or Text`"), "{m}");
}

#[test]
fn an_odd_qualifier_is_a_warning_and_the_type_is_kept() {
    let md = doc(
        "| a | String (max 255 characters) |\n| b | Date (ISO 8601) |\n| c | Date (UNIX timestamp) |",
        "| = | All | |",
    );
    let (sf, d) = ok(&md);
    assert_eq!(sf.fields.len(), 3);
    assert_eq!(sf.fields[0].ty, FieldType::String);
    assert_eq!(sf.fields[1].ty, FieldType::Date);
    assert_eq!(d.warning_count(), 2, "{d}");
    assert!(messages(&d).contains("Date (ISO 8601)"));
}

#[test]
fn valid_types_all_covers_every_scalar_type() {
    let (sf, d) = ok(&doc("| a | String |", "| = | All | Equals |"));
    assert!(d.is_empty(), "{d}");
    for ty in FieldType::SCALARS {
        assert_eq!(sf.operators.get(&ty), Some(&ops(&["="])), "{ty:?}");
    }
    assert_eq!(sf.operators.len(), FieldType::SCALARS.len());
}

#[test]
fn valid_types_all_except_date() {
    let (sf, d) = ok(&doc(
        "| a | Date (UNIX Timestamp) |\n| b | Datetime (Unix timestamp in seconds) |\n| c | Integer |",
        "| = | All | |\n| != | All except Date | |",
    ));
    assert!(d.is_empty(), "{d}");
    assert_eq!(field_ops(&sf, "a"), ops(&["="]));
    assert_eq!(
        field_ops(&sf, "b"),
        ops(&["=", "!="]),
        "Datetime is not Date"
    );
    assert_eq!(field_ops(&sf, "c"), ops(&["=", "!="]));
}

#[test]
fn valid_types_all_except_a_type_and_a_field() {
    let (sf, d) = ok(&doc(
        "| tag_id | String |\n| email | String |\n| created_at | Date (UNIX Timestamp) |\n| seen | Datetime (Unix timestamp in seconds) |",
        "| = | All | |\n| IN | All except Date and tag_id | |\n| NIN | All except Date, Datetime and tag_id | |",
    ));
    assert!(d.is_empty(), "{d}");
    assert_eq!(
        sf.field_exclusions,
        BTreeMap::from([("tag_id".to_string(), ops(&["IN", "NIN"]))])
    );
    assert_eq!(field_ops(&sf, "tag_id"), ops(&["="]));
    assert_eq!(field_ops(&sf, "email"), ops(&["=", "IN", "NIN"]));
    assert_eq!(field_ops(&sf, "created_at"), ops(&["="]));
    assert_eq!(field_ops(&sf, "seen"), ops(&["=", "IN"]));
}

#[test]
fn valid_types_lists_split_by_br_or_double_spaces() {
    let (sf, d) = ok(&doc(
        "| n | Integer |\n| t | Date (UNIX timestamp) |\n| s | String |",
        "| > | Integer<br>Date | |\n| <       | Integer  Date (UNIX Timestamp) | |\n| >= | Integer | |\n| ~ | String | |",
    ));
    assert!(d.is_empty(), "{d}");
    assert_eq!(field_ops(&sf, "n"), ops(&["<", ">", ">="]));
    assert_eq!(field_ops(&sf, "t"), ops(&["<", ">"]));
    assert_eq!(field_ops(&sf, "s"), ops(&["~"]));
}

#[test]
fn operator_cells_tolerate_stray_spaces_backticks_and_case() {
    let (sf, d) = ok(&doc(
        "| n | Integer |",
        "| <       | Integer | |\n|   !=   | Integer | |\n| `>=` | Integer | |\n| nin | Integer | |",
    ));
    assert!(d.is_empty(), "{d}");
    assert_eq!(field_ops(&sf, "n"), ops(&["<", "!=", ">=", "NIN"]));
}

#[test]
fn an_unknown_operator_is_a_warning_and_the_row_is_skipped() {
    let (sf, d) = ok(&doc(
        "| n | Integer |",
        "| <> | All | Differs |\n| = | All | |",
    ));
    assert_eq!(field_ops(&sf, "n"), ops(&["="]));
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("`<>`"));
}

#[test]
fn an_unknown_valid_type_is_a_warning() {
    let (sf, d) = ok(&doc(
        "| s | String |",
        "| ~ | Strings | |\n| ^ | String or Text | |\n| = | All types | |\n| != | | |",
    ));
    // `String` from `String or Text` is kept; `All types` is read as `All`.
    assert_eq!(field_ops(&sf, "s"), ops(&["^", "="]));
    assert_eq!(d.warning_count(), 4, "{d}");
    let m = messages(&d);
    assert!(m.contains("`Strings` is not a known type"), "{m}");
    assert!(m.contains("`Text` is not a known type"), "{m}");
    assert!(m.contains("read as `All`"), "{m}");
    assert!(m.contains("operator `!=` has no valid types"), "{m}");
}

#[test]
fn all_except_nothing_is_a_warning() {
    let (sf, d) = ok(&doc("| s | String |", "| IN | All except | |"));
    assert_eq!(field_ops(&sf, "s"), ops(&["IN"]));
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("name no exception"));
}

#[test]
fn excluding_a_field_that_is_not_in_the_table_is_a_warning() {
    let (sf, d) = ok(&doc(
        "| tag_id | String |",
        "| IN | All except Date and tags_id | |",
    ));
    assert_eq!(sf.field_exclusions.len(), 1);
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("excludes `tags_id`"));
}

#[test]
fn a_valid_types_word_that_is_neither_type_nor_field_is_a_warning() {
    let (sf, d) = ok(&doc("| s | String |", "| IN | All except Dates | |"));
    assert_eq!(field_ops(&sf, "s"), ops(&["IN"]));
    assert!(sf.field_exclusions.is_empty());
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("`Dates` is not a known type"));
}

#[test]
fn a_duplicate_operator_row_is_merged_with_a_warning() {
    let (sf, d) = ok(&doc(
        "| s | String |\n| n | Integer |",
        "| ~ | String | |\n| ~ | Integer | |",
    ));
    assert_eq!(field_ops(&sf, "n"), ops(&["~"]));
    assert_eq!(field_ops(&sf, "s"), ops(&["~"]));
    assert_eq!(d.warning_count(), 1, "{d}");
}

#[test]
fn supports_only_sentence_restricts_a_field() {
    let md = format!(
        "{}\nThe operator should be put in as a string (`\"=\"`). Which operators are valid depends on the field's type - see the \"Valid Types\" column below. Searching by `tag_id` supports only the `=` and `!=` operators.\n",
        doc("| tag_id | String |\n| email | String |", CONTACT_OPS)
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    assert_eq!(
        sf.field_only,
        BTreeMap::from([("tag_id".to_string(), ops(&["=", "!="]))])
    );
    assert_eq!(field_ops(&sf, "tag_id"), ops(&["=", "!="]));
    assert_eq!(
        field_ops(&sf, "email"),
        ops(&["=", "!=", "IN", "NIN", "~", "!~", "^", "$"])
    );
}

#[test]
fn may_use_sentence_adds_operators_even_inside_an_admonition() {
    let md = doc(
            "| created_at | Date (UNIX timestamp) |\n| updated_at | Date (UNIX timestamp) |",
            "| = | All | |\n| > | Integer  Date (UNIX Timestamp) | |",
        )
        .replace(
            "### Accepted Operators\n",
            "### Accepted Operators\n\n{% admonition type=\"info\" name=\"Searching based on `created_at`\" %}\n  You may use the `<=` or `>=` operators to search by `created_at`.\n{% /admonition %}\n",
        );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    assert_eq!(
        sf.field_additions,
        BTreeMap::from([("created_at".to_string(), ops(&["<=", ">="]))])
    );
    assert_eq!(field_ops(&sf, "created_at"), ops(&["=", ">", "<=", ">="]));
    assert_eq!(field_ops(&sf, "updated_at"), ops(&["=", ">"]));
}

#[test]
fn a_rule_sentence_may_wrap_over_lines() {
    let md = format!(
        "{}\nSearching by `tag_id`\nsupports only the `=`\nand `!=` operators.\n",
        doc("| tag_id | String |", CONTACT_OPS)
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    assert_eq!(field_ops(&sf, "tag_id"), ops(&["=", "!="]));
}

#[test]
fn unreadable_rule_sentences_are_warnings() {
    let md = format!(
        "{}\nSearching by `tag_id` supports only equality. Searching by `segment_id` supports only the `=` and `==` operators. You may use the `<=` operator to search by `signed_up_at`.\n",
        doc("| tag_id | String |\n| segment_id | String |", CONTACT_OPS)
    );
    let (sf, d) = ok(&md);
    let m = messages(&d);
    assert!(m.contains("names no operator"), "{m}");
    assert!(m.contains("`==` in"), "{m}");
    assert!(
        m.contains("names `signed_up_at`, which is not an accepted field"),
        "{m}"
    );
    assert_eq!(d.warning_count(), 3, "{d}");
    assert!(!sf.field_only.contains_key("tag_id"));
    assert_eq!(field_ops(&sf, "segment_id"), ops(&["="]));
    // Recorded anyway, so an override can still rename the field.
    assert!(sf.field_additions.contains_key("signed_up_at"));
}

#[test]
fn other_operator_prose_is_not_a_rule() {
    let md = format!(
        "{}\nThe operator has to be compatible with the field's type (eg. you cannot search with `>` for a given string value as it's only compatible for integer's and dates). The `IN` and `NIN` operators are not supported for Date fields.\n",
        doc("| tag_id | String |", CONTACT_OPS)
    );
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    assert!(sf.field_only.is_empty() && sf.field_additions.is_empty());
}

#[test]
fn no_accepted_fields_is_none_without_warnings() {
    let (out, d) =
        run("You can list contacts.\n\n| Field | Type |\n| --- | --- |\n| id | String |\n");
    assert!(out.is_none());
    assert!(d.is_empty(), "{d}");
    let (out, d) = run("");
    assert!(out.is_none() && d.is_empty());
}

#[test]
fn a_heading_without_a_table_is_none_with_a_warning() {
    let (out, d) = run(
        "### Accepted Fields\n\nSee the model.\n\n### Accepted Operators\n\n| Operator | Valid Types |\n| - | - |\n| = | All |\n",
    );
    assert!(out.is_none());
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("`Accepted Fields` has no table"));
}

#[test]
fn a_missing_operators_table_is_a_warning_and_fields_are_kept() {
    let (sf, d) = ok(
        "### Accepted Fields\n| Field | Type |\n|--|--|\n| id | String |\n\n### Accepted Operators\nAll of them.\n",
    );
    assert_eq!(sf.fields.len(), 1);
    assert!(sf.operators.is_empty());
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("`Accepted Operators` has no table"));
}

#[test]
fn only_the_tables_of_their_sections_are_read() {
    let md = "\
| Field | Type |
| --- | --- |
| before | String |

## Accepted Fields
#### Details
| Field | Type |
| --- | --- |
| inside | String |

## Sorting
| Field | Type |
| --- | --- |
| after | String |

## Accepted Operators
| Operator | Valid Types |
| --- | --- |
| = | All |

## Later
| Operator | Valid Types |
| --- | --- |
| ~ | String |
";
    let (sf, d) = ok(md);
    assert!(d.is_empty(), "{d}");
    let paths: Vec<&str> = sf.fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["inside"]);
    assert_eq!(field_ops(&sf, "inside"), ops(&["="]));
}

#[test]
fn headings_inside_code_fences_are_ignored() {
    let md =
        "```\n### Accepted Fields\n| Field | Type |\n| --- | --- |\n| fenced | String |\n```\n";
    let (out, d) = run(md);
    assert!(out.is_none());
    assert!(d.is_empty(), "{d}");
}

#[test]
fn a_repeated_heading_is_a_warning_and_the_first_is_read() {
    let md = format!(
        "{}\n### Accepted Fields\n| Field | Type |\n| - | - |\n| other | String |\n",
        doc("| id | String |", "| = | All | |")
    );
    let (sf, d) = ok(&md);
    assert_eq!(sf.fields.len(), 1);
    assert_eq!(sf.fields[0].path, "id");
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("appears more than once"));
}

#[test]
fn placeholders() {
    let (sf, d) = ok(&doc(
        "| custom_attributes.{attribute_name} | String |\n| a.{x}.{y} | String |\n| b.{x | String |\n| c.x} | String |\n| d.{} | String |\n| plain.path | String |",
        "| = | All | |",
    ));
    let ph = |p: &str| sf.field(p).and_then(|f| f.placeholder.clone());
    assert_eq!(
        ph("custom_attributes.{attribute_name}").as_deref(),
        Some("attribute_name")
    );
    assert_eq!(ph("a.{x}.{y}").as_deref(), Some("x"));
    assert_eq!(ph("b.{x"), None);
    assert_eq!(ph("c.x}"), None);
    assert_eq!(ph("d.{}"), None);
    assert_eq!(ph("plain.path"), None);
    assert_eq!(sf.fields.len(), 6);
    assert_eq!(d.warning_count(), 4, "{d}");
}

#[test]
fn duplicate_and_malformed_field_rows_are_warnings() {
    let (sf, d) = ok(&doc(
        "| id | String |\n| id | Integer |\n| first name | String |\n| | String |\n| | |\n| `email` | String |",
        "| = | All | |",
    ));
    let got: Vec<(&str, FieldType)> = sf.fields.iter().map(|f| (f.path.as_str(), f.ty)).collect();
    assert_eq!(
        got,
        [("id", FieldType::String), ("email", FieldType::String)]
    );
    let m = messages(&d);
    assert!(m.contains("`id` is listed twice"), "{m}");
    assert!(m.contains("`first name` is not a field path"), "{m}");
    assert!(m.contains("names no field"), "{m}");
    assert_eq!(d.warning_count(), 3, "{d}");
}

#[test]
fn a_field_whose_type_has_no_operator_is_a_warning() {
    let (sf, d) = ok(&doc("| s | String |\n| f | Float |", "| ~ | String | |"));
    assert!(field_ops(&sf, "f").is_empty());
    assert_eq!(d.warning_count(), 1, "{d}");
    assert!(messages(&d).contains("`f` (Float) allows no operator"));
}

#[test]
fn unexpected_headers_fall_back_to_the_first_columns_with_a_warning() {
    let md = "### Accepted Fields\n| Name | Kind |\n|-|-|\n| id | String |\n### Accepted Operators\n| Op | Applies to |\n|-|-|\n| = | All |\n";
    let (sf, d) = ok(md);
    assert_eq!(field_ops(&sf, "id"), ops(&["="]));
    assert_eq!(d.warning_count(), 2, "{d}");
    let md = "### Accepted Fields\n| Field |\n|-|\n| id |\n";
    let (sf, d) = ok(md);
    assert!(sf.fields.is_empty());
    assert!(messages(&d).contains("no `Field` and `Type` columns"));
}

#[test]
fn columns_are_found_by_header_name() {
    let md = "### Accepted Fields\n| Type | Field |\n|-|-|\n| Integer | n |\n### Accepted Operators\n| Description | Valid Types | Operator |\n|-|-|-|\n| Lower | Integer | < |\n";
    let (sf, d) = ok(md);
    assert!(d.is_empty(), "{d}");
    assert_eq!(sf.fields[0].ty, FieldType::Integer);
    assert_eq!(field_ops(&sf, "n"), ops(&["<"]));
}

#[test]
fn escaped_pipes_and_crlf() {
    let md = doc("| a | String<br>one \\| two |", "| = | All | |").replace('\n', "\r\n");
    let (sf, d) = ok(&md);
    assert!(d.is_empty(), "{d}");
    assert_eq!(sf.fields[0].note.as_deref(), Some("one | two"));
    assert_eq!(field_ops(&sf, "a"), ops(&["="]));
}

#[test]
fn output_is_deterministic_and_ordered() {
    let md = format!(
        "{}\nSearching by `tag_id` supports only the `!=` and `=` operators.\n",
        doc(
            "| zeta | String |\n| alpha | Integer |\n| tag_id | String |",
            CONTACT_OPS
        )
    );
    let (a, _) = ok(&md);
    let (b, _) = ok(&md);
    assert_eq!(a, b);
    let paths: Vec<&str> = a.fields.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["zeta", "alpha", "tag_id"], "table order");
    let wires: Vec<&str> = field_ops(&a, "alpha")
        .into_iter()
        .map(Operator::as_str)
        .collect();
    assert_eq!(wires, ["=", "!=", "IN", "NIN", "<", "<=", ">", ">="]);
}

#[test]
fn never_panics_on_truncated_or_odd_input() {
    let md = format!(
        "{}\nSearching by `tag_id` supports only the `=` and `!=` operators. You may use the `<=` operator to search by `created_at`.\n",
        doc(
            "| tag_id | String |\n| created_at | Date (UNIX Timestamp) |\n| ticket_attribute.{id} | String or Boolean or Date (UNIX timestamp) |\n| role | String<br>Accepts ünïcödé |",
            CONTACT_OPS,
        )
    );
    for (i, _) in md.char_indices() {
        let mut d = Diagnostics::new();
        let _ = parse(&md[..i], AT, &mut d);
    }
    for odd in [
        "### Accepted Fields\n|\n|-|\n|",
        "### Accepted Fields\n| Field | Type |\n|---|---|\n| a | ( |\n| b | ) |\n| c | String ((x) |\n| d | (String) (x) |",
        "### Accepted Fields\n| Field | Type |\n|---|---|\n| a | String |\n### Accepted Operators\n| Operator | Valid Types |\n|---|---|\n| = | All except |\n| != | ( |\n| < | Integer (x) (y) |\n| ~ |\n",
        "#######\n###\n### Accepted Fields\n|---|\n",
        "### Accepted Fields\n| Field | Type |\n|---|---|\n| a | String |\nSearching by `x supports only `=",
        "### Accepted Fields\n| Field | Type |\n|---|---|\n| é.{ü | Ω |",
    ] {
        let mut d = Diagnostics::new();
        let _ = parse(odd, AT, &mut d);
    }
}

#[test]
fn words_tokenizer() {
    let w = words("Integer  Date (UNIX Timestamp)").expect("words");
    assert_eq!(
        w,
        [
            Word {
                text: "Integer".into(),
                qualifier: None
            },
            Word {
                text: "Date".into(),
                qualifier: Some("UNIX Timestamp".into())
            },
        ]
    );
    let w = words("All except Date, Datetime and tag_id").expect("words");
    let texts: Vec<&str> = w.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(texts, ["All", "except", "Date", "Datetime", "tag_id"]);
    assert!(words("(x)").is_err());
    assert!(words("Date (x").is_err());
    assert!(words("Date )").is_err());
}

// ---- the real descriptions ----

/// `(path, operationId, pointer, description)` of every operation that has a description.
fn descriptions(version: &str) -> Vec<(String, String, String, String)> {
    let bytes = crate::pin::repo_description(version).unwrap_or_else(|e| panic!("{e}"));
    let text = String::from_utf8(bytes).expect("UTF-8");
    let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_mapping().expect("paths") {
        let path = path.as_str().expect("path key");
        for (method, op) in item.as_mapping().expect("path item") {
            let method = method.as_str().expect("method key");
            if let Some(desc) = op["description"].as_str() {
                let at = child(&child(&child("#/paths", path), method), "description");
                let id = op["operationId"].as_str().unwrap_or_default();
                out.push((path.to_string(), id.to_string(), at, desc.to_string()));
            }
        }
    }
    out
}

fn parse_real(
    all: &[(String, String, String, String)],
    path: &str,
) -> (String, SearchFields, Diagnostics) {
    let (_, id, at, desc) = all
        .iter()
        .find(|(p, ..)| p == path)
        .expect("the search operation");
    assert_eq!(
        at,
        &format!("#/paths/{}/post/description", path.replace('/', "~1"))
    );
    let mut d = Diagnostics::new();
    let sf = parse(desc, at, &mut d).expect("an Accepted Fields table");
    (id.clone(), sf, d)
}

#[test]
fn real_2_16_descriptions() {
    let all = descriptions("2.16");

    let (id, contacts, d) = parse_real(&all, "/contacts/search");
    assert_eq!(id, "SearchContacts");
    assert!(d.is_empty(), "{d}");
    assert_eq!(contacts.fields.len(), 43);
    let count = |sf: &SearchFields, ty| sf.fields.iter().filter(|f| f.ty == ty).count();
    assert_eq!(count(&contacts, FieldType::String), 30);
    assert_eq!(count(&contacts, FieldType::Date), 10);
    assert_eq!(count(&contacts, FieldType::Boolean), 3);
    assert_eq!(
        contacts.field("created_at").map(|f| f.ty),
        Some(FieldType::Date)
    );
    assert_eq!(field_ops(&contacts, "created_at"), ops(&["=", "<", ">"]));
    assert_eq!(field_ops(&contacts, "tag_id"), ops(&["=", "!="]));
    assert_eq!(
        field_ops(&contacts, "email"),
        ops(&["=", "!=", "IN", "NIN", "~", "!~", "^", "$"])
    );
    assert_eq!(
        contacts.field("owner_id").map(|f| f.ty),
        Some(FieldType::String)
    );
    assert_eq!(
        contacts.field("role").and_then(|f| f.note.as_deref()),
        Some("Accepts user or lead")
    );
    let custom = contacts
        .field("custom_attributes.{attribute_name}")
        .expect("custom");
    assert_eq!(custom.placeholder.as_deref(), Some("attribute_name"));
    // Names are kept as written, typos included.
    assert!(contacts.field("andoid_sdk_version").is_some());
    assert!(contacts.field("android_sdk_version").is_none());

    let (id, conversations, d) = parse_real(&all, "/conversations/search");
    assert_eq!(id, "searchConversations");
    assert!(d.is_empty(), "{d}");
    assert_eq!(conversations.fields.len(), 56);
    assert_eq!(
        conversations.field("admin_assignee_id").map(|f| f.ty),
        Some(FieldType::Integer)
    );
    assert_eq!(
        field_ops(&conversations, "admin_assignee_id"),
        ops(&["=", "!=", "IN", "NIN", "<", ">"])
    );
    assert_eq!(
        field_ops(&conversations, "created_at"),
        ops(&["=", "!=", "IN", "NIN", "<", ">"])
    );
    assert!(conversations.field("conversation_rating.admin_d").is_some());
    assert!(
        conversations
            .field("source.type")
            .and_then(|f| f.note.as_deref())
            .is_some_and(|n| n.starts_with("Accepted fields are `conversation`"))
    );

    let (id, tickets, d) = parse_real(&all, "/tickets/search");
    assert_eq!(id, "searchTickets");
    assert!(d.is_empty(), "{d}");
    assert_eq!(tickets.fields.len(), 15);
    let attr = tickets
        .field("ticket_attribute.{id}")
        .expect("ticket_attribute");
    assert_eq!(attr.ty, FieldType::Mixed);
    assert_eq!(attr.placeholder.as_deref(), Some("id"));
    assert_eq!(attr.alternatives.len(), 5);
    assert_eq!(
        tickets.operators_for(attr),
        ops(&["=", "!=", "IN", "NIN", "<", ">", "~", "!~", "^", "$"])
    );
    assert_eq!(
        field_ops(&tickets, "created_at"),
        ops(&["=", "!=", "IN", "NIN", "<", "<=", ">", ">="])
    );
    assert_eq!(
        tickets.field("admin_assignee_id").map(|f| f.ty),
        Some(FieldType::String)
    );
}

#[test]
fn real_descriptions_of_every_version_parse_without_warnings() {
    // (version, contacts, conversations, tickets, companies) field counts; 0 = no table.
    let expected = [
        ("2.7", 42, 56, 0, 0),
        ("2.8", 42, 56, 0, 0),
        ("2.9", 42, 56, 0, 0),
        ("2.10", 42, 56, 15, 0),
        ("2.11", 42, 56, 15, 0),
        ("2.12", 42, 56, 15, 0),
        ("2.13", 42, 56, 15, 0),
        ("2.14", 42, 56, 15, 0),
        ("2.15", 42, 56, 15, 0),
        ("2.16", 43, 56, 15, 0),
        ("preview", 43, 56, 15, 11),
    ];
    for (version, contacts, conversations, tickets, companies) in expected {
        let all = descriptions(version);
        let mut counts = BTreeMap::new();
        for (path, _, at, desc) in &all {
            let mut d = Diagnostics::new();
            let parsed = parse(desc, at, &mut d);
            assert!(d.is_empty(), "{version} {path}:\n{d}");
            if let Some(sf) = parsed {
                counts.insert(path.as_str(), sf.fields.len());
            }
        }
        let want: BTreeMap<&str, usize> = [
            ("/contacts/search", contacts),
            ("/conversations/search", conversations),
            ("/tickets/search", tickets),
            ("/companies/search", companies),
        ]
        .into_iter()
        .filter(|&(_, n)| n > 0)
        .collect();
        assert_eq!(counts, want, "{version}");

        if version == "preview" {
            let (_, contacts, _) = parse_real(&all, "/contacts/search");
            let created = contacts.field("created_at").expect("created_at");
            assert_eq!(created.ty, FieldType::Datetime);
            assert_eq!(
                contacts.operators_for(created),
                ops(&["=", "!=", "<", "<=", ">", ">="])
            );
            let custom = contacts
                .field("custom_attributes.{attribute_name}")
                .expect("custom");
            assert_eq!(custom.ty, FieldType::Mixed);
            assert_eq!(
                custom.note.as_deref(),
                Some("Matches the attribute's own type")
            );
            assert_eq!(field_ops(&contacts, "tag_id"), ops(&["=", "!="]));
            let (_, companies, _) = parse_real(&all, "/companies/search");
            assert_eq!(
                field_ops(&companies, "created_at"),
                ops(&["=", "!=", "<", ">"])
            );
        }
    }
}
