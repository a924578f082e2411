fn count() -> usize {
    let xs = vec![1, 2, 3];
    xs.length() // expect: rs-nonexistent-member
}
