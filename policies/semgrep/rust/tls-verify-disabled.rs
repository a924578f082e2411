use native_tls::TlsConnector;
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};

fn insecure_client() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        // ruleid: rs-tls-verify-disabled
        .danger_accept_invalid_certs(true)
        .build()
}

fn blocking_client() -> reqwest::Result<reqwest::blocking::Client> {
    // ruleid: rs-tls-verify-disabled
    reqwest::blocking::Client::builder().danger_accept_invalid_hostnames(true).build()
}

fn native() -> native_tls::Result<TlsConnector> {
    let mut builder = TlsConnector::builder();
    // ruleid: rs-tls-verify-disabled
    builder.danger_accept_invalid_certs(true);
    builder.build()
}

fn openssl_none() -> SslConnector {
    let mut b = SslConnector::builder(SslMethod::tls()).unwrap();
    // ruleid: rs-tls-verify-disabled
    b.set_verify(SslVerifyMode::NONE);
    b.build()
}

fn openssl_no_hostname(conn: &SslConnector) {
    let mut cfg = conn.configure().unwrap();
    // ruleid: rs-tls-verify-disabled
    cfg = cfg.verify_hostname(false);
}

// ---- negatives ----

fn secure_client() -> reqwest::Result<reqwest::Client> {
    // ok: rs-tls-verify-disabled
    reqwest::Client::builder().danger_accept_invalid_certs(false).build()
}

fn private_ca(pem: &[u8]) -> reqwest::Result<reqwest::Client> {
    let cert = reqwest::Certificate::from_pem(pem)?;
    // ok: rs-tls-verify-disabled
    reqwest::Client::builder().add_root_certificate(cert).build()
}

fn openssl_peer() -> SslConnector {
    let mut b = SslConnector::builder(SslMethod::tls()).unwrap();
    // ok: rs-tls-verify-disabled
    b.set_verify(SslVerifyMode::PEER);
    b.build()
}
