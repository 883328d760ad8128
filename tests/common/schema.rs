//! A JSON Schema validator for exactly the keywords `analyze schema` emits
//! (draft 2020-12 semantics). The `jsonschema` crate did this job, but it
//! was a third of the cold `cargo test` build (100 s of 406 s CPU on two
//! cores) for one test. This one refuses a schema that uses any keyword it
//! does not implement, so a new keyword from schemars fails the test
//! instead of being silently ignored.

use serde_json::{Map, Value};

/// Keywords that only annotate: they never make an instance invalid.
/// `format` is an annotation by default in 2020-12.
const ANNOTATIONS: &[&str] = &["$schema", "title", "description", "format", "$defs"];

/// Keywords this validator checks.
const ASSERTIONS: &[&str] = &[
    "type",
    "properties",
    "required",
    "items",
    "minItems",
    "maxItems",
    "minimum",
    "const",
    "anyOf",
    "oneOf",
    "$ref",
];

/// A compiled schema: the root, kept for `$ref` resolution.
pub struct Validator {
    root: Value,
}

impl Validator {
    /// Checks that `schema` uses only the supported keywords.
    pub fn new(schema: &Value) -> Result<Self, String> {
        check_keywords(schema, "#")?;
        Ok(Validator {
            root: schema.clone(),
        })
    }

    /// Every way `instance` breaks the schema, as "path: reason" lines.
    pub fn errors(&self, instance: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        self.check(&self.root, instance, "$", &mut errors);
        errors
    }

    /// Whether `instance` satisfies the schema.
    pub fn is_valid(&self, instance: &Value) -> bool {
        self.errors(instance).is_empty()
    }

    fn check(&self, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        let s = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => return errors.push(format!("{at}: false schema")),
            Value::Object(s) => s,
            _ => return errors.push(format!("{at}: schema is not an object")),
        };
        if let Some(r) = s.get("$ref").and_then(Value::as_str) {
            match self.resolve(r) {
                Some(target) => self.check(target, v, at, errors),
                None => errors.push(format!("{at}: unresolvable $ref {r}")),
            }
        }
        if let Some(t) = s.get("type") {
            let ok = match t {
                Value::String(name) => has_type(v, name),
                Value::Array(names) => names
                    .iter()
                    .any(|n| n.as_str().is_some_and(|n| has_type(v, n))),
                _ => false,
            };
            if !ok {
                errors.push(format!("{at}: {v} is not of type {t}"));
            }
        }
        if let Some(c) = s.get("const")
            && !json_eq(c, v)
        {
            errors.push(format!("{at}: {v} is not {c}"));
        }
        if let (Some(min), Some(n)) = (s.get("minimum").and_then(Value::as_f64), v.as_f64())
            && n < min
        {
            errors.push(format!("{at}: {n} is below the minimum {min}"));
        }
        if let Value::Object(obj) = v {
            self.check_object(s, obj, at, errors);
        }
        if let Value::Array(items) = v {
            if let Some(min) = s.get("minItems").and_then(Value::as_u64)
                && (items.len() as u64) < min
            {
                errors.push(format!("{at}: fewer than {min} items"));
            }
            if let Some(max) = s.get("maxItems").and_then(Value::as_u64)
                && (items.len() as u64) > max
            {
                errors.push(format!("{at}: more than {max} items"));
            }
            if let Some(item) = s.get("items") {
                for (i, x) in items.iter().enumerate() {
                    self.check(item, x, &format!("{at}[{i}]"), errors);
                }
            }
        }
        if let Some(Value::Array(options)) = s.get("anyOf")
            && !options.iter().any(|o| self.passes(o, v, at))
        {
            errors.push(format!("{at}: matches none of anyOf"));
        }
        if let Some(Value::Array(options)) = s.get("oneOf") {
            let n = options.iter().filter(|o| self.passes(o, v, at)).count();
            if n != 1 {
                errors.push(format!("{at}: matches {n} of oneOf, not exactly one"));
            }
        }
    }

    fn check_object(
        &self,
        s: &Map<String, Value>,
        obj: &Map<String, Value>,
        at: &str,
        errors: &mut Vec<String>,
    ) {
        if let Some(Value::Array(required)) = s.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !obj.contains_key(key) {
                    errors.push(format!("{at}: missing required property {key:?}"));
                }
            }
        }
        if let Some(Value::Object(props)) = s.get("properties") {
            for (key, sub) in props {
                if let Some(x) = obj.get(key) {
                    self.check(sub, x, &format!("{at}.{key}"), errors);
                }
            }
        }
    }

    fn passes(&self, schema: &Value, v: &Value, at: &str) -> bool {
        let mut errors = Vec::new();
        self.check(schema, v, at, &mut errors);
        errors.is_empty()
    }

    /// A local reference, `#` or `#/a/b` (a JSON pointer into the root).
    fn resolve(&self, r: &str) -> Option<&Value> {
        let pointer = r.strip_prefix('#')?;
        self.root.pointer(pointer)
    }
}

fn has_type(v: &Value, name: &str) -> bool {
    match name {
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "string" => v.is_string(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        "number" => v.is_number(),
        // 2020-12: a number with a zero fractional part is an integer.
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => false,
    }
}

/// JSON equality, with numbers equal by value (1 == 1.0).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, p)| y.get(k).is_some_and(|q| json_eq(p, q)))
        }
        _ => a == b,
    }
}

/// Refuses any keyword outside `ANNOTATIONS` and `ASSERTIONS`, walking
/// every subschema.
fn check_keywords(schema: &Value, at: &str) -> Result<(), String> {
    let s = match schema {
        Value::Bool(_) => return Ok(()),
        Value::Object(s) => s,
        _ => return Err(format!("{at}: schema is not an object")),
    };
    for (key, value) in s {
        if !ANNOTATIONS.contains(&key.as_str()) && !ASSERTIONS.contains(&key.as_str()) {
            return Err(format!(
                "{at}: keyword {key:?} is not supported by this validator"
            ));
        }
        match key.as_str() {
            "properties" | "$defs" => {
                let map = value
                    .as_object()
                    .ok_or_else(|| format!("{at}/{key}: not an object"))?;
                for (name, sub) in map {
                    check_keywords(sub, &format!("{at}/{key}/{name}"))?;
                }
            }
            "items" => check_keywords(value, &format!("{at}/items"))?,
            "anyOf" | "oneOf" => {
                let list = value
                    .as_array()
                    .ok_or_else(|| format!("{at}/{key}: not an array"))?;
                for (i, sub) in list.iter().enumerate() {
                    check_keywords(sub, &format!("{at}/{key}/{i}"))?;
                }
            }
            "$ref" if !value.as_str().is_some_and(|r| r.starts_with('#')) => {
                return Err(format!("{at}: only local $ref is supported"));
            }
            _ => {}
        }
    }
    Ok(())
}

#[test]
fn the_validator_checks_each_keyword_it_accepts() {
    let schema = serde_json::json!({
        "$defs": {"Pos": {"type": "integer", "minimum": 0}},
        "type": "object",
        "required": ["a"],
        "properties": {
            "a": {"$ref": "#/$defs/Pos"},
            "b": {"type": ["string", "null"]},
            "c": {"type": "array", "items": {"const": 1}, "minItems": 1, "maxItems": 2},
            "d": {"oneOf": [{"type": "string"}, {"type": "number"}]},
            "e": {"anyOf": [{"const": "x"}, {"const": "y"}]}
        }
    });
    let v = Validator::new(&schema).expect("supported keywords");
    assert!(v.is_valid(&serde_json::json!({"a": 3, "b": null, "c": [1.0], "d": "s", "e": "y"})));
    for bad in [
        serde_json::json!({}),
        serde_json::json!({"a": -1}),
        serde_json::json!({"a": 1.5}),
        serde_json::json!({"a": 1, "b": 2}),
        serde_json::json!({"a": 1, "c": []}),
        serde_json::json!({"a": 1, "c": [1, 1, 1]}),
        serde_json::json!({"a": 1, "c": [2]}),
        serde_json::json!({"a": 1, "d": true}),
        serde_json::json!({"a": 1, "e": "z"}),
        serde_json::json!([]),
    ] {
        assert!(!v.is_valid(&bad), "{bad} should fail");
    }
    let unknown = serde_json::json!({"properties": {"a": {"pattern": "^x"}}});
    assert!(
        Validator::new(&unknown).is_err(),
        "an unknown keyword is refused"
    );
}
