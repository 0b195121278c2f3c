package bot_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

func TestKeys(t *testing.T) {
	k1, err := bot.NewKeys([]byte(strings.Repeat("a", 32)))
	if err != nil {
		t.Fatal(err)
	}
	k2, _ := bot.NewKeys([]byte(strings.Repeat("b", 32)))
	if _, err := bot.NewKeys([]byte("short")); err == nil {
		t.Error("a 5-byte secret must be refused")
	}
	a := k1.TexterKey(bot.ChannelSMS, "+15551234567")
	if a != k1.TexterKey(bot.ChannelSMS, "+15551234567") || a == k2.TexterKey(bot.ChannelSMS, "+15551234567") ||
		a == k1.TexterKey(bot.ChannelSMS, "+15551234568") || a == k1.TexterKey(bot.ChannelSlack, "+15551234567") {
		t.Error("texter keys must be stable per secret and differ by number, secret and channel")
	}
	if len(a) != 32 || strings.Contains(a, "5551234567") {
		t.Errorf("texter key %q", a)
	}
	sealed := k1.Seal([]byte("+15551234567"))
	if bytes.Contains(sealed, []byte("5551234567")) || bytes.Equal(sealed, k1.Seal([]byte("+15551234567"))) {
		t.Error("sealing must hide the number and use a fresh nonce")
	}
	if plain, err := k1.Open(sealed); err != nil || string(plain) != "+15551234567" {
		t.Errorf("Open = %q, %v", plain, err)
	}
	if _, err := k2.Open(sealed); !errors.Is(err, bot.ErrDecrypt) {
		t.Errorf("another secret must not open it: %v", err)
	}
	sealed[len(sealed)-1] ^= 1
	if _, err := k1.Open(sealed); !errors.Is(err, bot.ErrDecrypt) {
		t.Errorf("a tampered value must not open: %v", err)
	}
}

func TestRandomIDs(t *testing.T) {
	ids := bot.NewRandomIDs(nil)
	seen := map[string]bool{}
	for i := 0; i < 1000; i++ {
		code := ids.TipCode()
		if len(code) != 10 || !strings.HasPrefix(code, "TIP-") || strings.ContainsAny(code[4:], "01ILOUV") || seen[code] {
			t.Fatalf("bad or repeated code %q", code)
		}
		seen[code] = true
	}
	if a := ids.Alias(); len(a) != 4 {
		t.Errorf("alias %q", a)
	}
}

// BenchmarkTexterKey derives one texter key, as every inbound message does.
func BenchmarkTexterKey(b *testing.B) {
	k, err := bot.NewKeys([]byte(strings.Repeat("a", 32)))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = k.TexterKey(bot.ChannelSMS, "+15555550100")
	}
}
