use axum::extract::Query;
use axum::response::Html;
use actix_web::{web, HttpResponse};

async fn greet(Query(p): Query<Greet>) -> Html<String> {
    // ruleid: rs-xss
    Html(format!("<h1>Hello {}</h1>", p.name))
}

async fn actix_greet(q: web::Query<Greet>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        // ruleid: rs-xss
        .body(format!("<p>{}</p>", q.name))
}

// ---- safe twins ----

async fn greet_escaped(Query(p): Query<Greet>) -> Html<String> {
    // ok: rs-xss
    Html(format!("<h1>Hello {}</h1>", html_escape::encode_text(&p.name)))
}

async fn greet_json(q: web::Query<Greet>) -> HttpResponse {
    // ok: rs-xss
    HttpResponse::Ok().content_type("application/json").body(format!("{{\"name\": {:?}}}", q.name))
}

async fn static_page() -> Html<&'static str> {
    // ok: rs-xss
    Html("<h1>Welcome</h1>")
}
