package redis

import (
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/storetest"
)

func TestCodec_Session(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.UTC)
	s := storetest.FullSession("t", "+15550001111", at)
	got, err := decodeSession(encodeSession(s))
	if err != nil {
		t.Fatal(err)
	}
	s.Texter = "" // kept in the key, not the record
	want := s
	want.Started, want.LastInbound, want.Updated = s.Started.Truncate(time.Millisecond), at.Truncate(time.Millisecond), at.Truncate(time.Millisecond)
	want.Handoff = &bot.Handoff{Queue: "general", Urgent: true, Opened: s.Handoff.Opened.Truncate(time.Millisecond)}
	if !storetest.SameSession(got, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got, want)
	}
	t.Run("ZeroTimesAndEmpty", func(t *testing.T) {
		got, err := decodeSession(encodeSession(bot.Session{}))
		if err != nil || !storetest.SameSession(got, bot.Session{}) {
			t.Fatalf("decoded %+v, %v", got, err)
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		b := encodeSession(s)
		for n := range len(b) {
			if _, err := decodeSession(b[:n]); err == nil {
				t.Fatalf("decoded a record cut at %d of %d bytes", n, len(b))
			}
		}
	})
}

func TestCodec_Replies(t *testing.T) {
	for _, replies := range [][]string{nil, {""}, {"one", "two\nlines", "ñ"}} {
		got, err := decodeReplies(encodeReplies(replies))
		if err != nil || len(got) != len(replies) {
			t.Fatalf("replies %q decoded as %q, %v", replies, got, err)
		}
		for i := range got {
			if got[i] != replies[i] {
				t.Fatalf("replies %q decoded as %q", replies, got)
			}
		}
	}
}
