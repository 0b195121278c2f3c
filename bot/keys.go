package bot

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"
	"sync"
)

// MinSecretLength is the shortest FRONTDOOR_SECRET accepted.
const MinSecretLength = 32

// Keys derives the texter identifier and the at-rest encryption from FRONTDOOR_SECRET.
// Each use gets its own derived key, so a leak of one does not give the other.
type Keys struct {
	texter []byte
	aead   cipher.AEAD
	macs   sync.Pool // *texterMAC, reused: one would be made per inbound message otherwise
}

// NewKeys derives the keys; secret must be at least MinSecretLength bytes.
func NewKeys(secret []byte) (*Keys, error) {
	if len(secret) < MinSecretLength {
		return nil, fmt.Errorf("the secret is %d bytes; it must be at least %d", len(secret), MinSecretLength)
	}
	derive := func(purpose string) []byte {
		m := hmac.New(sha256.New, secret)
		m.Write([]byte("frontdoor/" + purpose))
		return m.Sum(nil)
	}
	block, err := aes.NewCipher(derive("at-rest-encryption"))
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	k := &Keys{texter: derive("texter-id"), aead: aead}
	k.macs.New = func() any { return &texterMAC{mac: hmac.New(sha256.New, k.texter), buf: make([]byte, 0, 64)} }
	return k, nil
}

// texterMAC is a pooled HMAC-SHA256 keyed for texter keys, and the buffer its input is laid out in.
type texterMAC struct {
	mac hash.Hash
	buf []byte
}

// TexterKey returns the identifier of a texter: HMAC-SHA256 of the channel and the address (an
// E.164 number for SMS; "slack:" and the user ID for Slack; Twilio's "whatsapp:..." address, which
// carries its channel already, for WhatsApp), truncated to 128 bits and hex-encoded. The same
// number on SMS and on WhatsApp is two texters. It is the only form of the texter used in keys.
// It is still personal data: never show it to staff.
func (k *Keys) TexterKey(ch Channel, address string) string {
	m := k.macs.Get().(*texterMAC)
	defer k.macs.Put(m)
	m.mac.Reset()
	m.buf = m.buf[:0]
	if ch != "" && ch != ChannelSMS && !strings.HasPrefix(address, string(ch)+":") {
		m.buf = append(append(m.buf, ch...), ':')
	}
	m.buf = append(m.buf, address...)
	m.mac.Write(m.buf)
	clear(m.buf) // the address is personal data: it does not stay in the pool
	var sum [sha256.Size]byte
	return hex.EncodeToString(m.mac.Sum(sum[:0])[:16])
}

// Seal encrypts plain with AES-GCM; the result carries its random nonce.
func (k *Keys) Seal(plain []byte) []byte { return k.SealBound(plain, nil) }

// SealBound is Seal with associated data: the result opens only with the same context. Stores
// pass the key a value is stored under, so a sealed value copied to another texter's key does
// not open there. context itself is not encrypted nor stored.
func (k *Keys) SealBound(plain, context []byte) []byte {
	nonce := make([]byte, k.aead.NonceSize(), k.aead.NonceSize()+len(plain)+k.aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		panic("bot: crypto/rand failed: " + err.Error())
	}
	return k.aead.Seal(nonce, nonce, plain, context)
}

// ErrDecrypt means a sealed value was altered or sealed with another secret.
var ErrDecrypt = errors.New("cannot decrypt: the value was altered or the secret changed")

// Open decrypts what Seal made.
func (k *Keys) Open(sealed []byte) ([]byte, error) { return k.OpenBound(sealed, nil) }

// OpenBound decrypts what SealBound made with the same context; otherwise it returns ErrDecrypt.
func (k *Keys) OpenBound(sealed, context []byte) ([]byte, error) {
	n := k.aead.NonceSize()
	if len(sealed) < n {
		return nil, ErrDecrypt
	}
	plain, err := k.aead.Open(nil, sealed[:n], sealed[n:], context)
	if err != nil {
		return nil, ErrDecrypt
	}
	return plain, nil
}
