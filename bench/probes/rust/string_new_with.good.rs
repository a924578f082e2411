fn buffer() -> String {
    String::with_capacity(64)
}
