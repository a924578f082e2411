use std::collections::HashMap;

fn known(m: &HashMap<String, i32>, k: &str) -> bool {
    m.contains_key(k)
}
