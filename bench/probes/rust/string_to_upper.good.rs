fn shout(x: &str) -> String {
    String::from(x).to_uppercase()
}
