use axum::extract::{Json, Query};

async fn fetch(Query(p): Query<FetchParams>) -> String {
    // ruleid: rs-ssrf
    reqwest::get(&p.url).await.unwrap().text().await.unwrap()
}

async fn hook(State(client): State<reqwest::Client>, Json(body): Json<Hook>) -> StatusCode {
    // ruleid: rs-ssrf
    client.post(&body.callback).send().await.unwrap();
    StatusCode::OK
}

async fn user(State(client): State<reqwest::Client>, Path(id): Path<String>) -> String {
    // ok: rs-ssrf
    client.get(format!("https://api.example.com/users/{}", id)).send().await.unwrap().text().await.unwrap()
}

async fn lookup(Query(p): Query<FetchParams>, State(cache): State<HashMap<String, String>>) -> String {
    // ok: rs-ssrf
    cache.get(&p.url).cloned().unwrap_or_default()
}

async fn health(base: &str) -> bool {
    // ok: rs-ssrf
    reqwest::get(base).await.is_ok()
}
