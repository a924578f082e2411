fn port(opt: Option<u16>) -> u16 {
    opt.unwrap_or_default()
}
