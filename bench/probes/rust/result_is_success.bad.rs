fn check(res: Result<u32, String>) -> bool {
    res.is_success() // expect: rs-nonexistent-member
}
