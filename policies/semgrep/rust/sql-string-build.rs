use rusqlite::{params, Connection};
use sqlx::{PgPool, Row};

async fn find_user(pool: &PgPool, name: &str) -> sqlx::Result<Vec<sqlx::postgres::PgRow>> {
    let sql = format!("SELECT id, email FROM users WHERE name = '{}'", name);
    // ruleid: rs-sql-string-build
    sqlx::query(&sql).fetch_all(pool).await
}

async fn by_status(pool: &PgPool, status: String) -> sqlx::Result<Vec<Order>> {
    // ruleid: rs-sql-string-build
    sqlx::query_as::<_, Order>(&format!("SELECT * FROM orders WHERE status = '{status}'"))
        .fetch_all(pool)
        .await
}

fn delete_rows(conn: &Connection, table: &str, id: i64) -> rusqlite::Result<usize> {
    // ruleid: rs-sql-string-build
    conn.execute(&format!("DELETE FROM {} WHERE id = {}", table, id), [])
}

fn search(conn: &mut diesel::PgConnection, term: &str) -> QueryResult<Vec<Post>> {
    let q = format!("SELECT * FROM posts WHERE title LIKE '%{}%'", term);
    // ruleid: rs-sql-string-build
    diesel::sql_query(q).load(conn)
}

async fn pg_client(client: &tokio_postgres::Client, col: &str) -> Result<Vec<Row>, Error> {
    let mut sql = String::from("SELECT * FROM items ORDER BY ");
    sql.push_str(col);
    // ruleid: rs-sql-string-build
    client.query(sql.as_str(), &[]).await
}

fn count(conn: &Connection, region: &str) -> rusqlite::Result<i64> {
    let sql = "SELECT COUNT(*) FROM sales WHERE region = '".to_string() + &region + "'";
    // ruleid: rs-sql-string-build
    conn.query_row(&sql, [], |r| r.get(0))
}

// ---- negatives ----

async fn find_user_bound(pool: &PgPool, name: &str) -> sqlx::Result<Vec<sqlx::postgres::PgRow>> {
    // ok: rs-sql-string-build
    sqlx::query("SELECT id, email FROM users WHERE name = $1")
        .bind(name)
        .fetch_all(pool)
        .await
}

fn delete_param(conn: &Connection, id: i64) -> rusqlite::Result<usize> {
    // ok: rs-sql-string-build
    conn.execute("DELETE FROM items WHERE id = ?1", params![id])
}

fn constant_sql(conn: &Connection) -> rusqlite::Result<()> {
    const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY)";
    // ok: rs-sql-string-build
    conn.execute_batch(SCHEMA)
}

async fn http(client: &reqwest::Client, q: &str) -> reqwest::Result<reqwest::Response> {
    let url = format!("https://api.example.com/search/{}", q);
    // ok: rs-sql-string-build
    client.get(url).query(&[("page", "1")]).send().await
}

fn log_it(conn: &Connection, id: i64) -> rusqlite::Result<usize> {
    let note = format!("deleted {}", id);
    // ok: rs-sql-string-build
    conn.execute("INSERT INTO audit (note) VALUES (?1)", params![note])
}

async fn handler(Query(q): Query<Search>, State(pool): State<PgPool>) -> String {
    let sql = format!("SELECT * FROM users WHERE name = '{}'", q.name);
    // reported by rs-sql-injection (ERROR), not twice
    // ok: rs-sql-string-build
    let rows = sqlx::query(&sql).fetch_all(&pool).await.unwrap();
    format!("{}", rows.len())
}
