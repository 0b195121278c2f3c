package bot_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

func TestKeys_SealBound(t *testing.T) {
	k, err := bot.NewKeys(bytes.Repeat([]byte("s"), bot.MinSecretLength))
	if err != nil {
		t.Fatal(err)
	}
	sealed := k.SealBound([]byte("+15551234567"), []byte("texter-a"))
	if bytes.Contains(sealed, []byte("5551234567")) {
		t.Fatal("the sealed value holds the plain text")
	}
	t.Run("OK", func(t *testing.T) {
		got, err := k.OpenBound(sealed, []byte("texter-a"))
		if err != nil || string(got) != "+15551234567" {
			t.Fatalf("OpenBound = %q, %v", got, err)
		}
	})
	t.Run("ErrDecryptOtherContext", func(t *testing.T) {
		if _, err := k.OpenBound(sealed, []byte("texter-b")); !errors.Is(err, bot.ErrDecrypt) {
			t.Fatalf("opened under another context: %v", err)
		}
	})
	t.Run("ErrDecryptTampered", func(t *testing.T) {
		bad := bytes.Clone(sealed)
		bad[len(bad)-1] ^= 1
		if _, err := k.OpenBound(bad, []byte("texter-a")); !errors.Is(err, bot.ErrDecrypt) {
			t.Fatalf("opened a tampered value: %v", err)
		}
	})
}
