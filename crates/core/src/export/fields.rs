//! Reading the typed fields of one JSON record, naming the field on error.
//!
//! Deserializing a record straight into its draft would report "invalid type:
//! string, expected i64" without saying which field; people fixing a file by
//! hand need the field's name.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The fields of one JSON object, known to hold no unexpected keys.
#[derive(Debug)]
pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
}

/// Words for what a JSON value is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl<'a> Fields<'a> {
    /// Checks that `value` is an object whose keys are all among `known`.
    pub(crate) fn of(value: &'a Value, what: &str, known: &[&str]) -> Result<Self, String> {
        let Value::Object(map) = value else {
            return Err(format!(
                "is {}, not an object; each {what} is an object of fields",
                kind(value)
            ));
        };
        if let Some(unknown) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "{unknown}: is not a field of a {what}; the fields are: {}",
                known.join(", ")
            ));
        }
        Ok(Fields { map })
    }

    /// The value of `key`, with a missing key and `null` both meaning "not given".
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// Optional text.
    pub(crate) fn text(&self, key: &str) -> Result<Option<String>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(format!("{key}: expected text, found {}", kind(v))),
        }
    }

    /// An optional whole number.
    pub(crate) fn int(&self, key: &str) -> Result<Option<i64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => whole(v)
                .map(Some)
                .ok_or_else(|| format!("{key}: expected a whole number, found {}", shown(v))),
        }
    }

    /// An optional number.
    pub(crate) fn number(&self, key: &str) -> Result<Option<f64>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| format!("{key}: expected a number, found {}", kind(v))),
        }
    }

    /// An optional `true` or `false`.
    pub(crate) fn boolean(&self, key: &str) -> Result<Option<bool>, String> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(format!("{key}: expected true or false, found {}", kind(v))),
        }
    }

    /// A list of texts; missing means empty.
    pub(crate) fn texts(&self, key: &str) -> Result<Vec<String>, String> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s.clone()),
                    other => Err(format!(
                        "{key}: expected a list of texts, found {} in it",
                        kind(other)
                    )),
                })
                .collect(),
            Some(v) => Err(format!(
                "{key}: expected a list of texts, found {}",
                kind(v)
            )),
        }
    }

    /// An object of whole numbers; missing means empty.
    pub(crate) fn int_map(&self, key: &str) -> Result<BTreeMap<String, i64>, String> {
        match self.get(key) {
            None => Ok(BTreeMap::new()),
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| {
                    whole(v).map(|n| (k.clone(), n)).ok_or_else(|| {
                        format!("{key}: `{k}` must be a whole number, found {}", shown(v))
                    })
                })
                .collect(),
            Some(v) => Err(format!(
                "{key}: expected an object of question ids and answers, found {}",
                kind(v)
            )),
        }
    }
}

/// A value for a message: numbers as written (3.5), anything else by kind,
/// so a long text pasted into a number field is not echoed back whole.
fn shown(v: &Value) -> String {
    match v {
        Value::Number(n) => n.to_string(),
        other => kind(other).to_string(),
    }
}

/// A JSON number that is a whole number within `i64`.
fn whole(v: &Value) -> Option<i64> {
    v.as_i64()
}
