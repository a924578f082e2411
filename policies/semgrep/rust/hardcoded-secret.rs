use std::env;

// ruleid: rs-hardcoded-secret
const API_KEY: &str = "sk_live_51H8x2kLq9ZzT0aB7cD4eF";

// ruleid: rs-hardcoded-secret
static JWT_SECRET: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";

// ruleid: rs-hardcoded-secret
pub const GITHUB_TOKEN: &'static str = "ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8";

// ok: rs-hardcoded-secret
const SECRET_BACKEND: &str = "AwsSecretsManagerBackend";

fn connect() -> Result<Client, Error> {
    // ruleid: rs-hardcoded-secret
    let db_password = "Pr0d-P@ssw0rd!";
    Client::connect(&format!("host=db user=app password={}", db_password), NoTls)
}

fn aws() -> Credentials {
    // ruleid: rs-hardcoded-secret
    let secret_access_key = String::from("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPL1KEY");
    Credentials::new("AKIAIOSFODNN7EXAMPL1", &secret_access_key)
}

fn signer() -> Signer {
    // ruleid: rs-hardcoded-secret
    let signing_key: String = "a1b2c3d4e5f6g7h8i9j0".to_string();
    Signer::new(signing_key)
}

// ---- negatives ----

// ok: rs-hardcoded-secret
const API_KEY_ENV: &str = "MYAPP_API_KEY";

// ok: rs-hardcoded-secret
const TOKEN_URL: &str = "https://oauth2.googleapis.com/token";

// ok: rs-hardcoded-secret
const PASSWORD_MIN_LENGTH: usize = 12;

fn from_env() -> String {
    // ok: rs-hardcoded-secret
    let api_key = env::var("API_KEY").expect("API_KEY must be set");
    api_key
}

fn empty() {
    // ok: rs-hardcoded-secret
    let password = "";
    // ok: rs-hardcoded-secret
    let token = "<your-token-here>";
    // ok: rs-hardcoded-secret
    let secret = "changeme";
    // ok: rs-hardcoded-secret
    let token_type = "Bearer";
    // ok: rs-hardcoded-secret
    let password_field = "password";
    // ok: rs-hardcoded-secret
    let session_key = "auth_token";
}
