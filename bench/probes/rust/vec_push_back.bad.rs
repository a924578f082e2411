fn collect(input: &[i32]) -> Vec<i32> {
    let mut v: Vec<i32> = Vec::new();
    for x in input {
        v.push_back(*x); // expect: rs-nonexistent-member
    }
    v
}
