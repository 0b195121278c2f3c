package bot

import "crypto/rand"

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
