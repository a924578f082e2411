use axum::extract::Query;
use axum::response::Redirect;
use actix_web::{http::header, web, HttpResponse};

async fn login(Query(p): Query<LoginParams>) -> Redirect {
    // ruleid: rs-open-redirect
    Redirect::to(&p.next)
}

async fn actix_login(q: web::Query<LoginParams>) -> HttpResponse {
    HttpResponse::Found()
        // ruleid: rs-open-redirect
        .append_header((header::LOCATION, q.next.as_str()))
        .finish()
}

// ---- safe twins ----

async fn login_local(Query(p): Query<LoginParams>) -> Redirect {
    if p.next.starts_with('/') && !p.next.starts_with("//") {
        // ok: rs-open-redirect
        return Redirect::to(&p.next);
    }
    Redirect::to("/")
}

async fn profile(Path(id): Path<u64>) -> Redirect {
    // ok: rs-open-redirect
    Redirect::to(&format!("/users/{}", id))
}
