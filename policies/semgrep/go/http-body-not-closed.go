package main

import (
	"encoding/json"
	"io"
	"net/http"
)

var client = &http.Client{}

func fetchStatus(url string) (int, error) {
	// ruleid: go-http-body-not-closed
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func decodeFeed(req *http.Request, out interface{}) error {
	// ruleid: go-http-body-not-closed
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	return json.NewDecoder(res.Body).Decode(out)
}

func post(url string, body io.Reader) error {
	// ruleid: go-http-body-not-closed
	r, err := http.Post(url, "application/json", body)
	if err != nil {
		return err
	}
	_, err = io.ReadAll(r.Body)
	return err
}

func fetchOK(url string) ([]byte, error) {
	// ok: go-http-body-not-closed
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}

func doOK(req *http.Request) error {
	// ok: go-http-body-not-closed
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer func() {
		_ = resp.Body.Close()
	}()
	return nil
}

func explicitClose(url string) error {
	// ok: go-http-body-not-closed
	resp, err := http.Head(url)
	if err != nil {
		return err
	}
	resp.Body.Close()
	return nil
}

func handOver(url string) (*http.Response, error) {
	// ok: go-http-body-not-closed
	resp, err := http.Get(url)
	if err != nil {
		return nil, err
	}
	return resp, nil
}
