package main

import (
	"net/http"
	"time"
)

func login(w http.ResponseWriter, r *http.Request, token string) {
	// ruleid: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token})

	// ruleid: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, HttpOnly: true})

	// ruleid: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, Secure: true})

	// ruleid: go-cookie-insecure
	c := &http.Cookie{
		Name:     "session",
		Value:    token,
		HttpOnly: true,
		Secure:   false,
		Expires:  time.Now().Add(time.Hour),
	}
	http.SetCookie(w, c)
}

func loginOK(w http.ResponseWriter, r *http.Request, token string) {
	// ok: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode})

	// ok: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: token, HttpOnly: true, Secure: r.TLS != nil})

	// ok: go-cookie-insecure
	c := &http.Cookie{Name: "pref", Value: "dark"}
	c.HttpOnly = true
	c.Secure = true
	http.SetCookie(w, c)

	// ok: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: "session", Value: "", MaxAge: -1})
}

func clientCall(req *http.Request, token string) {
	// ok: go-cookie-insecure
	req.AddCookie(&http.Cookie{Name: "session", Value: token})
}

func setFromOptions(w http.ResponseWriter, name, value string, secure, httpOnly bool) {
	// ok: go-cookie-insecure
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Secure: secure, HttpOnly: httpOnly})
}

func jarCookies(entries []entry) []*http.Cookie {
	var cookies []*http.Cookie
	for _, e := range entries {
		// ok: go-cookie-insecure
		cookies = append(cookies, &http.Cookie{Name: e.Name, Value: e.Value})
	}
	return cookies
}
