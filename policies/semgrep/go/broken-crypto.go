package main

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/rc4"
	"crypto/sha1"
	"crypto/sha256"
	"fmt"
	"time"
)

func legacyEncrypt(key []byte) (cipher.Block, error) {
	// ruleid: go-broken-crypto
	return des.NewTripleDESCipher(key)
}

func streamCipher(key []byte) (*rc4.Cipher, error) {
	// ruleid: go-broken-crypto
	return rc4.NewCipher(key)
}

func ecbEncrypt(key, plaintext []byte) []byte {
	block, err := aes.NewCipher(key)
	if err != nil {
		panic(err)
	}
	out := make([]byte, len(plaintext))
	for i := 0; i < len(plaintext); i += aes.BlockSize {
		// ruleid: go-broken-crypto
		block.Encrypt(out[i:i+aes.BlockSize], plaintext[i:i+aes.BlockSize])
	}
	return out
}

func makeToken(userID string) string {
	// ruleid: go-broken-crypto
	token := md5.Sum([]byte(userID + time.Now().String()))
	return fmt.Sprintf("%x", token)
}

func signBody(body, signingSecret string) [20]byte {
	// ruleid: go-broken-crypto
	return sha1.Sum([]byte(body + signingSecret))
}

func gcmEncrypt(key, plaintext []byte) ([]byte, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	// ok: go-broken-crypto
	gcm, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	rand.Read(nonce)
	return gcm.Seal(nonce, nonce, plaintext, nil), nil
}

func etag(body []byte) string {
	// ok: go-broken-crypto
	return fmt.Sprintf("%x", md5.Sum(body))
}

func hashPasswordLegacy(password string) [16]byte {
	// reported by go-weak-password-hash instead
	// ok: go-broken-crypto
	token := md5.Sum([]byte(password))
	return token
}

func goodSign(key, body []byte) []byte {
	// ok: go-broken-crypto
	mac := hmac.New(sha256.New, key)
	mac.Write(body)
	return mac.Sum(nil)
}
