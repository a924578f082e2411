package main

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"io"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/scrypt"
)

type User struct {
	Password string
}

func hashPassword(password string) string {
	// ruleid: go-weak-password-hash
	sum := md5.Sum([]byte(password))
	return hex.EncodeToString(sum[:])
}

func hashWithSalt(u User, salt string) [32]byte {
	// ruleid: go-weak-password-hash
	return sha256.Sum256([]byte(salt + u.Password))
}

func legacyHash(passwd string) []byte {
	h := sha1.New()
	// ruleid: go-weak-password-hash
	h.Write([]byte(passwd))
	return h.Sum(nil)
}

func streamHash(pwd string) []byte {
	h := md5.New()
	// ruleid: go-weak-password-hash
	io.WriteString(h, pwd)
	return h.Sum(nil)
}

func goodBcrypt(password string) ([]byte, error) {
	// ok: go-weak-password-hash
	return bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
}

func goodArgon(password string, salt []byte) []byte {
	// ok: go-weak-password-hash
	return argon2.IDKey([]byte(password), salt, 1, 64*1024, 4, 32)
}

func goodScrypt(password string, salt []byte) ([]byte, error) {
	// ok: go-weak-password-hash
	return scrypt.Key([]byte(password), salt, 32768, 8, 1, 32)
}

func checksum(data []byte) [32]byte {
	// ok: go-weak-password-hash
	return sha256.Sum256(data)
}

func resetDigest(passwordResetToken string) [32]byte {
	// ok: go-weak-password-hash
	return sha256.Sum256([]byte(passwordResetToken))
}
