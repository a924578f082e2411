fn buffer() -> String {
    String::new_with_capacity(64) // expect: rs-nonexistent-member
}
