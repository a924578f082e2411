use actix_cors::Cors;
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

fn tower_layer() -> CorsLayer {
    // ruleid: rs-cors-permissive
    CorsLayer::very_permissive()
}

fn tower_mirror() -> CorsLayer {
    // ruleid: rs-cors-permissive
    CorsLayer::new().allow_origin(AllowOrigin::mirror_request()).allow_credentials(true)
}

fn actix_cors() -> Cors {
    // ruleid: rs-cors-permissive
    Cors::permissive()
}

fn actix_any() -> Cors {
    // ruleid: rs-cors-permissive
    Cors::default().allow_any_origin().supports_credentials()
}

// ---- safe twins ----

fn tower_public() -> CorsLayer {
    // ok: rs-cors-permissive
    CorsLayer::new().allow_origin(Any).allow_methods(Any)
}

fn actix_listed() -> Cors {
    // ok: rs-cors-permissive
    Cors::default().allowed_origin("https://app.example.com").supports_credentials()
}
