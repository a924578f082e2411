fn check(res: Result<u32, String>) -> bool {
    res.is_ok()
}
