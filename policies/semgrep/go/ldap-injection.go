package main

import (
	"fmt"
	"net/http"

	"github.com/go-ldap/ldap/v3"
)

func lookup(w http.ResponseWriter, r *http.Request, l *ldap.Conn) {
	user := r.FormValue("user")
	// ruleid: go-ldap-injection
	req := ldap.NewSearchRequest("dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, fmt.Sprintf("(&(objectClass=person)(uid=%s))", user), []string{"dn"}, nil)
	l.Search(req)
}

func lookupSafe(w http.ResponseWriter, r *http.Request, l *ldap.Conn) {
	user := r.FormValue("user")
	// ok: go-ldap-injection
	req := ldap.NewSearchRequest("dc=example,dc=com", ldap.ScopeWholeSubtree, ldap.NeverDerefAliases, 0, 0, false, fmt.Sprintf("(&(objectClass=person)(uid=%s))", ldap.EscapeFilter(user)), []string{"dn"}, nil)
	l.Search(req)
}
