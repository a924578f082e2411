use axum::extract::{Path, Query};
use actix_web::{web, HttpRequest, HttpResponse};
use std::path::PathBuf;

async fn download(Path(name): Path<String>) -> Vec<u8> {
    let path = format!("/srv/files/{}", name);
    // ruleid: rs-path-traversal
    std::fs::read(&path).unwrap()
}

async fn read_note(Query(q): Query<NoteQuery>) -> String {
    let p = PathBuf::from("/srv/notes").join(&q.file);
    // ruleid: rs-path-traversal
    tokio::fs::read_to_string(p).await.unwrap()
}

async fn actix_file(req: HttpRequest) -> HttpResponse {
    let name = req.match_info().get("name").unwrap();
    // ruleid: rs-path-traversal
    let f = std::fs::File::open(format!("uploads/{}", name)).unwrap();
    HttpResponse::Ok().finish()
}

async fn save(form: web::Form<Upload>) -> HttpResponse {
    // ruleid: rs-path-traversal
    fs::write(format!("/tmp/{}", form.filename), &form.content).unwrap();
    HttpResponse::Ok().finish()
}

// ---- safe twins ----

async fn download_name_only(Path(name): Path<String>) -> Vec<u8> {
    let file = std::path::Path::new(&name).file_name().unwrap();
    // ok: rs-path-traversal
    std::fs::read(PathBuf::from("/srv/files").join(file)).unwrap()
}

async fn download_checked(Path(name): Path<String>) -> Vec<u8> {
    let base = PathBuf::from("/srv/files");
    let full = base.join(&name).canonicalize().unwrap();
    if !full.starts_with(&base) {
        return Vec::new();
    }
    // ok: rs-path-traversal
    std::fs::read(&full).unwrap()
}

fn load_config(path: &str) -> String {
    // ok: rs-path-traversal
    std::fs::read_to_string(path).unwrap()
}
