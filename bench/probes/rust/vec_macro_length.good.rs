fn count() -> usize {
    let xs = vec![1, 2, 3];
    xs.len()
}
