package main

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/jmoiron/sqlx"
	"github.com/labstack/echo/v4"
	"gorm.io/gorm"
)

var db *sql.DB
var xdb *sqlx.DB
var gdb *gorm.DB

func byName(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ruleid: go-sql-injection
	rows, err := db.Query("SELECT * FROM users WHERE name = '" + name + "'")
	_ = rows
	_ = err
}

func byNameCtx(w http.ResponseWriter, r *http.Request) {
	q := fmt.Sprintf("DELETE FROM users WHERE id = %s", r.FormValue("id"))
	// ruleid: go-sql-injection
	db.ExecContext(r.Context(), q)
}

func sortBy(w http.ResponseWriter, r *http.Request) {
	var sb strings.Builder
	sb.WriteString("SELECT * FROM items ORDER BY ")
	sb.WriteString(r.FormValue("sort"))
	// ruleid: go-sql-injection
	db.QueryRow(sb.String())
}

func sqlxSelect(c *gin.Context) {
	var users []User
	// ruleid: go-sql-injection
	xdb.Select(&users, "SELECT * FROM users WHERE role = '"+c.Query("role")+"'")
}

type Filter struct {
	Name string `json:"name"`
}

func gormRaw(c *gin.Context) {
	var f Filter
	if err := c.ShouldBindJSON(&f); err != nil {
		return
	}
	var out []User
	// ruleid: go-sql-injection
	gdb.Raw("SELECT * FROM users WHERE name = '" + f.Name + "'").Scan(&out)
	// ruleid: go-sql-injection
	gdb.Where(fmt.Sprintf("name = '%s'", f.Name)).Find(&out)
	// ruleid: go-sql-injection
	gdb.Order(c.DefaultQuery("order", "id")).Find(&out)
}

func echoHandler(c echo.Context) error {
	id := c.Param("id")
	// ruleid: go-sql-injection
	_, err := db.Exec("UPDATE users SET active = 1 WHERE id = " + id)
	return err
}

func pgxStyle(ctx context.Context, conn Conn, r *http.Request) {
	// ruleid: go-sql-injection
	conn.Query(ctx, "SELECT * FROM t WHERE a = '"+r.PathValue("a")+"'")
}

// ---- safe twins ----

func byNameSafe(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	// ok: go-sql-injection
	rows, err := db.Query("SELECT * FROM users WHERE name = ?", name)
	_ = rows
	_ = err
	// ok: go-sql-injection
	db.QueryRowContext(r.Context(), "SELECT * FROM users WHERE name = $1", name)
}

func preparedSafe(w http.ResponseWriter, r *http.Request) {
	stmt, err := db.Prepare("INSERT INTO users(name) VALUES(?)")
	if err != nil {
		return
	}
	// ok: go-sql-injection
	stmt.Exec(r.FormValue("name"))
}

func numericSafe(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.Atoi(r.FormValue("id"))
	if err != nil {
		return
	}
	// ok: go-sql-injection
	db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = %d", id))
}

var allowedColumns = map[string]string{"name": "name", "created": "created_at"}

func allowListSafe(c *gin.Context) {
	col, ok := allowedColumns[c.Query("sort")]
	if !ok {
		col = "id"
	}
	var out []User
	// ok: go-sql-injection
	gdb.Order(col).Find(&out)
	// ok: go-sql-injection
	gdb.Where("name = ?", c.Query("name")).Find(&out)
	// ok: go-sql-injection
	gdb.Where(&User{Name: c.Query("name")}).Find(&out)
	// ok: go-sql-injection
	gdb.Where(map[string]interface{}{"name": c.Query("name")}).Find(&out)
}

func sqlxSafe(c *gin.Context) {
	var users []User
	// ok: go-sql-injection
	xdb.Select(&users, "SELECT * FROM users WHERE role = ?", c.Query("role"))
	// ok: go-sql-injection
	xdb.Get(&users, "SELECT * FROM users WHERE id = $1", c.Param("id"))
}

func fromConfig(table string) {
	// ok: go-sql-injection
	db.Query("SELECT count(*) FROM " + table)
}

func responseHeader(resp *http.Response) {
	// ok: go-sql-injection
	db.Exec("INSERT INTO log(ct) VALUES ('" + resp.Header.Get("Content-Type") + "')")
}
