use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

struct Index {
    words: Vec<String>,
    lookup: HashMap<String, usize>,
    shared: Arc<Vec<String>>,
    name: &'static str,
}

impl Index {
    fn snapshot_each(&self, n: usize) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for _ in 0..n {
            // ruleid: rs-clone-in-loop
            out.push(self.words.clone());
        }
        out
    }

    fn lookups(&self, keys: &[String]) -> usize {
        let mut hits = 0;
        for k in keys {
            // ruleid: rs-clone-in-loop
            let table = self.lookup.clone();
            if table.contains_key(k) {
                hits += 1;
            }
        }
        hits
    }

    fn shared_ok(&self, n: usize) -> Vec<Arc<Vec<String>>> {
        let mut v = Vec::new();
        for _ in 0..n {
            // ok: rs-clone-in-loop
            v.push(self.shared.clone());
        }
        v
    }
}

fn render(rows: &[u32], header: Vec<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for r in rows {
        // ruleid: rs-clone-in-loop
        let mut line = header.clone();
        line.push(r.to_string());
        out.push(line);
    }
    out
}

fn dedupe(batches: &[Vec<u64>]) -> usize {
    let seen: HashSet<u64> = HashSet::new();
    let mut total = 0;
    for b in batches {
        // ruleid: rs-clone-in-loop
        let mut s = seen.clone();
        s.extend(b.iter().copied());
        total += s.len();
    }
    total
}

fn retry(payload: String) {
    let body = payload.to_string();
    loop {
        // ruleid: rs-clone-in-loop
        if send(body.clone()) {
            break;
        }
    }
}

fn drain(queue: &mut Vec<String>) {
    let prefix = String::from("job-");
    while let Some(job) = queue.pop() {
        // ruleid: rs-clone-in-loop
        let mut name = prefix.clone();
        name.push_str(&job);
        run(name);
    }
}

// ---- negatives ----

fn names(items: &[Item]) -> Vec<String> {
    let mut out = Vec::new();
    for item in items {
        // ok: rs-clone-in-loop
        out.push(item.name.clone());
    }
    out
}

fn elements(v: Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for i in 0..v.len() {
        // ok: rs-clone-in-loop
        out.push(v[i].clone());
    }
    out
}

fn hoisted(header: Vec<String>, rows: &[u32]) -> usize {
    // ok: rs-clone-in-loop
    let copy = header.clone();
    let mut n = 0;
    for r in rows {
        n += copy.len() + *r as usize;
    }
    n
}

fn rc_clone(data: Rc<Vec<u8>>, n: usize) -> Vec<Rc<Vec<u8>>> {
    let mut out = Vec::new();
    for _ in 0..n {
        // ok: rs-clone-in-loop
        out.push(Rc::clone(&data));
    }
    out
}

fn arc_threads(n: usize) {
    let data = Arc::new(vec![1, 2, 3]);
    for _ in 0..n {
        // ok: rs-clone-in-loop
        let d = Arc::clone(&data);
        std::thread::spawn(move || println!("{:?}", d));
    }
}

fn arc_method_clone(n: usize) {
    let counter = Arc::new(std::sync::Mutex::new(0));
    for _ in 0..n {
        // ok: rs-clone-in-loop
        let c = counter.clone();
        std::thread::spawn(move || *c.lock().unwrap() += 1);
    }
}

fn find(words: Vec<String>, needle: &str) -> Option<Vec<String>> {
    for w in &words {
        if w == needle {
            // ok: rs-clone-in-loop
            return Some(words.clone());
        }
    }
    None
}

fn inner_decl(rows: &[Vec<u8>]) {
    for r in rows {
        let local = r.to_vec();
        // ok: rs-clone-in-loop
        consume(local.clone(), local);
    }
}

fn shadowed_arc(n: usize) {
    let data = vec![1u8, 2, 3];
    let data = Arc::new(data);
    for _ in 0..n {
        // ok: rs-clone-in-loop
        let d = data.clone();
        std::thread::spawn(move || println!("{:?}", d));
    }
}
