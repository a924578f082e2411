fn shout(x: &str) -> String {
    String::from(x).to_upper() // expect: rs-nonexistent-member
}
