use axum::extract::{Path, Query, State};
use actix_web::{web, HttpResponse};
use rusqlite::{params, Connection};
use serde::Deserialize;

#[derive(Deserialize)]
struct Search {
    name: String,
}

async fn by_name(State(pool): State<PgPool>, Query(q): Query<Search>) -> String {
    let sql = format!("SELECT * FROM users WHERE name = '{}'", q.name);
    // ruleid: rs-sql-injection
    let rows = sqlx::query(&sql).fetch_all(&pool).await.unwrap();
    format!("{}", rows.len())
}

async fn delete(Path(id): Path<String>, State(conn): State<Conn>) -> StatusCode {
    // ruleid: rs-sql-injection
    conn.execute(&format!("DELETE FROM items WHERE id = '{}'", id), []).unwrap();
    StatusCode::NO_CONTENT
}

async fn actix_find(info: web::Query<Search>, pool: web::Data<PgPool>) -> HttpResponse {
    let q = format!("SELECT * FROM users WHERE name = '{}'", info.name);
    // ruleid: rs-sql-injection
    let rows = sqlx::query_as::<_, User>(&q).fetch_all(pool.get_ref()).await;
    HttpResponse::Ok().finish()
}

// ---- safe twins ----

async fn by_name_bound(State(pool): State<PgPool>, Query(q): Query<Search>) -> String {
    // ok: rs-sql-injection
    let rows = sqlx::query("SELECT * FROM users WHERE name = $1").bind(&q.name).fetch_all(&pool).await.unwrap();
    format!("{}", rows.len())
}

async fn delete_bound(Path(id): Path<i64>, State(conn): State<Conn>) -> StatusCode {
    // ok: rs-sql-injection
    conn.execute("DELETE FROM items WHERE id = ?1", params![id]).unwrap();
    StatusCode::NO_CONTENT
}

fn count(conn: &Connection, table: &str) -> i64 {
    // ok: rs-sql-injection
    conn.query_row(&format!("SELECT count(*) FROM {}", table), [], |r| r.get(0)).unwrap()
}
