package main

import (
	"database/sql"
	"os"
)

// ruleid: go-hardcoded-secret
const stripeSecretKey = "sk_live_51HxQ2aLkT9pZ3bR7"

const (
	appName = "shop"
	// ruleid: go-hardcoded-secret
	githubToken = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
)

// ruleid: go-hardcoded-secret
var APIKey = "AIzaSyD4-9fX2kQpL0aZ8bW3"

type DBConfig struct {
	User     string
	Password string
}

func connect() (*sql.DB, error) {
	// ruleid: go-hardcoded-secret
	dbPassword := "Pr0d#Passw0rd!"
	cfg := DBConfig{
		User: "app",
		// ruleid: go-hardcoded-secret
		Password: "s3cr3t-Prod-2024",
	}
	_ = cfg
	return sql.Open("postgres", "user=app password="+dbPassword)
}

func fromEnv() string {
	// ok: go-hardcoded-secret
	apiKey := os.Getenv("API_KEY")
	return apiKey
}

// ok: go-hardcoded-secret
const tokenHeader = "X-Auth-Token"

// ok: go-hardcoded-secret
const accessToken = "access_token"

// ok: go-hardcoded-secret
var password = ""

// ok: go-hardcoded-secret
var defaultPassword = "changeme"

func placeholder() DBConfig {
	// ok: go-hardcoded-secret
	return DBConfig{User: "app", Password: "<your-password>"}
}

func openDB() (*sql.DB, error) {
	// ruleid: go-hardcoded-secret
	return sql.Open("mysql", "app:S3cretPassw0rd@tcp(db:3306)/shop")
}

func openDBEnv() (*sql.DB, error) {
	// ok: go-hardcoded-secret
	return sql.Open("mysql", os.Getenv("DATABASE_DSN"))
}

func openLocal() (*sql.DB, error) {
	// ok: go-hardcoded-secret
	return sql.Open("sqlite3", "file:app.db?cache=shared")
}

func sign(claims jwt.MapClaims) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	// ruleid: go-hardcoded-secret
	return tok.SignedString([]byte("my-jwt-signing-key"))
}

func signEnv(claims jwt.MapClaims) (string, error) {
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	// ok: go-hardcoded-secret
	return tok.SignedString([]byte(os.Getenv("JWT_SECRET")))
}

func keyFunc(t *jwt.Token) (interface{}, error) {
	// ruleid: go-hardcoded-secret
	return []byte("another-static-key"), nil
}

func checkAdmin(password string) bool {
	// ruleid: go-hardcoded-secret
	return password == "admin123"
}

func isEmpty(password string) bool {
	// ok: go-hardcoded-secret
	return password == ""
}
