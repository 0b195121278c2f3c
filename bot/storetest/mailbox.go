package storetest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

// RunMailbox checks a bot.Mailbox (the web chat's): messages numbered in order and fetched after
// a number, presence that ends after its TTL (on the system clock), the bound, and Clear. raw,
// when set, returns every value the store holds for the texter, to check that no text is
// stored in the clear.
func RunMailbox(t *testing.T, box bot.Mailbox, raw func(texter string) []string) {
	ctx := context.Background()
	keys := Keys(t)
	texter := keys.TexterKey(bot.ChannelWeb, "web:0123456789abcdef0123456789abcdef")
	other := keys.TexterKey(bot.ChannelWeb, "web:fedcba9876543210fedcba9876543210")
	if msgs, err := box.Fetch(ctx, texter, 0); err != nil || len(msgs) != 0 {
		t.Fatalf("an empty mailbox: %v, %v", msgs, err)
	}
	for i, text := range []string{"Hi, I am Sam.", "Are you safe?", "Take your time."} {
		if seq, err := box.Post(ctx, texter, text); err != nil || seq != int64(i+1) {
			t.Fatalf("Post %d = %d, %v", i, seq, err)
		}
	}
	msgs, err := box.Fetch(ctx, texter, 1)
	if err != nil || len(msgs) != 2 || msgs[0].Seq != 2 || msgs[0].Text != "Are you safe?" || msgs[1].Seq != 3 || msgs[1].At.IsZero() {
		t.Fatalf("Fetch after 1 = %+v, %v", msgs, err)
	}
	if msgs, _ := box.Fetch(ctx, other, 0); len(msgs) != 0 {
		t.Fatalf("another visitor sees %+v", msgs)
	}
	if raw != nil {
		for _, v := range raw(texter) {
			if len(v) > 0 && (strings.Contains(v, "safe") || strings.Contains(v, "Sam")) {
				t.Errorf("the store holds a text in the clear: %q", v)
			}
		}
	}
	if ok, err := box.Present(ctx, texter); err != nil || ok {
		t.Fatalf("present before the page was seen: %v, %v", ok, err)
	}
	if err := box.Seen(ctx, texter, 300*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if ok, _ := box.Present(ctx, texter); !ok {
		t.Fatal("not present right after Seen")
	}
	if ok, _ := box.Present(ctx, other); ok {
		t.Fatal("another visitor is present")
	}
	time.Sleep(450 * time.Millisecond)
	if ok, _ := box.Present(ctx, texter); ok {
		t.Fatal("still present after the TTL")
	}
	if err := box.Clear(ctx, texter); err != nil {
		t.Fatal(err)
	}
	if msgs, _ := box.Fetch(ctx, texter, 0); len(msgs) != 0 {
		t.Fatalf("after Clear: %+v", msgs)
	}
	if raw != nil && len(raw(texter)) != 0 {
		t.Fatal("after Clear the store still holds the visitor's keys")
	}
	for i := range bot.MaxWebMessages {
		if _, err := box.Post(ctx, other, "x"); err != nil {
			t.Fatalf("post %d: %v", i, err)
		}
	}
	if _, err := box.Post(ctx, other, "one too many"); !bot.IsPermanent(err) {
		t.Fatalf("a post beyond the bound: %v", err)
	}
}
