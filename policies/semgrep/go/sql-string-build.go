package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
)

func getUser(db *sql.DB, r *http.Request) (*sql.Rows, error) {
	id := r.URL.Query().Get("id")
	// request data inside a handler is go-sql-injection's (ERROR); not reported twice
	// ok: go-sql-string-build
	return db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = '%s'", id))
}

func byName(ctx context.Context, db *sql.DB, name string) *sql.Row {
	// ruleid: go-sql-string-build
	return db.QueryRowContext(ctx, "SELECT id FROM users WHERE name = '"+name+"'")
}

func deleteUser(db *sql.DB, id string) error {
	query := "DELETE FROM users WHERE id = " + id
	// ruleid: go-sql-string-build
	_, err := db.Exec(query)
	return err
}

func sortUsers(ctx context.Context, db *sql.DB, col string) (*sql.Rows, error) {
	q := fmt.Sprintf("SELECT * FROM users ORDER BY %s", col)
	// ruleid: go-sql-string-build
	return db.QueryContext(ctx, q)
}

func safeGet(db *sql.DB, id string) (*sql.Rows, error) {
	// ok: go-sql-string-build
	return db.Query("SELECT * FROM users WHERE id = $1", id)
}

func safeExec(ctx context.Context, db *sql.DB, name string, id int) error {
	// ok: go-sql-string-build
	_, err := db.ExecContext(ctx, "UPDATE users SET name = ? WHERE id = ?", name, id)
	return err
}

func safeConst(db *sql.DB) (*sql.Rows, error) {
	const q = "SELECT count(*) FROM users"
	// ok: go-sql-string-build
	return db.Query(q)
}

func notSQL(cache map[string]string, key string) string {
	// ok: go-sql-string-build
	return fmt.Sprintf("key-%s", key)
}

func byID(db *sql.DB, id int) (*sql.Rows, error) {
	// ok: go-sql-string-build
	return db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = %d", id))
}

func findRole(db *sqlx.DB, role string) {
	var users []User
	// ruleid: go-sql-string-build
	db.Select(&users, "SELECT * FROM users WHERE role = '"+role+"'")
}

func gormFind(db *gorm.DB, name string) {
	var users []User
	// ruleid: go-sql-string-build
	db.Where(fmt.Sprintf("name = '%s'", name)).Find(&users)
	// ok: go-sql-string-build
	db.Where("name = ?", name).Find(&users)
}
