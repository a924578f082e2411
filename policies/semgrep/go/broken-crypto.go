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

func staticIV(key, plaintext []byte) []byte {
	block, _ := aes.NewCipher(key)
	iv := []byte("0123456789abcdef")
	out := make([]byte, len(plaintext))
	// ruleid: go-broken-crypto
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plaintext)
	return out
}

func zeroNonce(aead cipher.AEAD, plaintext []byte) []byte {
	nonce := make([]byte, aead.NonceSize())
	// ruleid: go-broken-crypto
	return aead.Seal(nil, nonce, plaintext, nil)
}

func randomNonce(aead cipher.AEAD, plaintext []byte) ([]byte, error) {
	nonce := make([]byte, aead.NonceSize())
	if _, err := io.ReadFull(rand.Reader, nonce); err != nil {
		return nil, err
	}
	// ok: go-broken-crypto
	return aead.Seal(nonce, nonce, plaintext, nil), nil
}

func randomIV(block cipher.Block, plaintext []byte) []byte {
	iv := make([]byte, aes.BlockSize)
	rand.Read(iv)
	out := make([]byte, len(plaintext))
	// ok: go-broken-crypto
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, plaintext)
	return out
}

func weakRSA() (*rsa.PrivateKey, error) {
	// ruleid: go-broken-crypto
	return rsa.GenerateKey(rand.Reader, 1024)
}

func strongRSA() (*rsa.PrivateKey, error) {
	// ok: go-broken-crypto
	return rsa.GenerateKey(rand.Reader, 3072)
}

func tokenDigest(sessionToken string) []byte {
	h := sha1.New()
	// ruleid: go-broken-crypto
	h.Write([]byte(sessionToken))
	return h.Sum(nil)
}

func fileChecksum(data []byte) []byte {
	h := md5.New()
	// ok: go-broken-crypto
	h.Write(data)
	return h.Sum(nil)
}
