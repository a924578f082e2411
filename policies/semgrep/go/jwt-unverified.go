package main

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

var hmacKey = []byte("")

func userFromRequest(r *http.Request) (string, error) {
	raw := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	claims := jwt.MapClaims{}
	// ruleid: go-jwt-unverified
	_, _, err := jwt.NewParser().ParseUnverified(raw, claims)
	if err != nil {
		return "", err
	}
	return claims["sub"].(string), nil
}

func issueUnsigned(claims jwt.MapClaims) (string, error) {
	// ruleid: go-jwt-unverified
	tok := jwt.NewWithClaims(jwt.SigningMethodNone, claims)
	// ruleid: go-jwt-unverified
	return tok.SignedString(jwt.UnsafeAllowNoneSignatureType)
}

func parseNoAlgCheck(raw string) (*jwt.Token, error) {
	// ruleid: go-jwt-unverified
	return jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {
		return hmacKey, nil
	})
}

func parseChecked(raw string) (*jwt.Token, error) {
	// ok: go-jwt-unverified
	return jwt.Parse(raw, func(t *jwt.Token) (interface{}, error) {
		if _, ok := t.Method.(*jwt.SigningMethodHMAC); !ok {
			return nil, fmt.Errorf("unexpected signing method %v", t.Header["alg"])
		}
		return hmacKey, nil
	})
}

func parseWithOption(raw string) (*jwt.Token, error) {
	// ok: go-jwt-unverified
	return jwt.Parse(raw, keyFunc, jwt.WithValidMethods([]string{"HS256"}))
}

func keyFunc(t *jwt.Token) (interface{}, error) {
	return hmacKey, nil
}

func issue(claims jwt.MapClaims) (string, error) {
	// ok: go-jwt-unverified
	return jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(hmacKey)
}
