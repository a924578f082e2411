package main

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
)

func insecureClient() *http.Client {
	tr := &http.Transport{
		// ruleid: go-tls-verify-disabled
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true},
	}
	return &http.Client{Transport: tr}
}

func insecureConfig() *tls.Config {
	return &tls.Config{
		MinVersion: tls.VersionTLS12,
		// ruleid: go-tls-verify-disabled
		InsecureSkipVerify: true,
	}
}

func patchDefault() {
	// ruleid: go-tls-verify-disabled
	http.DefaultTransport.(*http.Transport).TLSClientConfig.InsecureSkipVerify = true
}

func secureConfig(pool *x509.CertPool) *tls.Config {
	// ok: go-tls-verify-disabled
	return &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
}

func explicitSecure() *tls.Config {
	// ok: go-tls-verify-disabled
	return &tls.Config{InsecureSkipVerify: false}
}
