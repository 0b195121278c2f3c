package redis

import (
	"encoding/binary"
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
	h := *s.Handoff
	h.Opened, h.Claimed, h.Due = h.Opened.Truncate(time.Millisecond), h.Claimed.Truncate(time.Millisecond), h.Due.Truncate(time.Millisecond)
	want.Handoff = &h
	if !storetest.SameSession(got, want) {
		t.Fatalf("decoded\n%+v\nwant\n%+v", got, want)
	}
	t.Run("HandoffWithoutDesk", func(t *testing.T) {
		s := s
		s.Handoff = &bot.Handoff{Queue: "general", Opened: at}
		got, err := decodeSession(encodeSession(s))
		if err != nil || got.Handoff == nil || got.Handoff.Ref != "" || !got.Handoff.Due.IsZero() || got.Handoff.Held != nil {
			t.Fatalf("decoded %+v, %v", got.Handoff, err)
		}
	})
	t.Run("Format1", func(t *testing.T) {
		// A record written before the desk fields existed (format 1), byte for byte.
		old := []byte{1, 12, '+', '1', '5', '5', '5', '0', '0', '0', '1', '1', '1', '1', 3, 's', 'm', 's', 4, 'K', '7', 'Q', 'F',
			2, 'e', 'n', 0, 0, 0, flagHandoff | flagHandoffUrgent}
		old = binary.AppendVarint(old, at.UnixMilli())
		old = binary.AppendVarint(old, 0)
		old = binary.AppendVarint(old, -60000)
		old = appendString(old, "national")
		old = binary.AppendVarint(old, -1000)
		old = binary.AppendUvarint(old, 0)
		got, err := decodeSession(old)
		if err != nil || got.Address != "+15550001111" || got.Handoff == nil || got.Handoff.Queue != "national" ||
			!got.Handoff.Urgent || !got.Handoff.Opened.Equal(at.Truncate(time.Millisecond).Add(-time.Second)) {
			t.Fatalf("a format 1 record decoded as %+v (handoff %+v), %v", got, got.Handoff, err)
		}
	})
	t.Run("Format2", func(t *testing.T) {
		// A desk record written before handoffs could follow up a tip: format 2 has no Tip.
		s := s
		h := *s.Handoff
		h.Tip, h.Unsure, h.Warned, h.MayText, s.Handoff, s.Answers = "", nil, false, false, &h, nil
		s.Pending, s.Plea, s.Skip, s.Threads = "", "", "", nil
		b := encodeSession(s)
		// tip, unsure replies, answers, then format 4's pending, plea, skip, flags and threads
		if tail := b[len(b)-8:]; string(tail) != "\x00\x00\x00\x00\x00\x00\x00\x00" {
			t.Fatalf("the record does not end with an empty tip, no unsure replies, no answers and format 4's empty tail: % x", tail)
		}
		old := append([]byte{2}, b[1:len(b)-8]...)
		old = append(old, 0)
		got, err := decodeSession(old)
		if err != nil || got.Handoff == nil || got.Handoff.Tip != "" || got.Handoff.Held == nil || got.Handoff.Ref != h.Ref {
			t.Fatalf("a format 2 record decoded as %+v, %v", got.Handoff, err)
		}
	})
	t.Run("Format3", func(t *testing.T) {
		// A record written before replies could be unsure and questions outside flows: format 3
		// ends the handoff with its tip, and the record with the answers.
		s := s
		h := *s.Handoff
		h.Unsure, h.Warned, h.MayText, s.Handoff, s.Answers = nil, false, false, &h, nil
		s.Pending, s.Plea, s.Skip, s.Threads = "", "", "", nil
		b := encodeSession(s)
		old := append([]byte{3}, b[1:len(b)-7]...)
		old = append(old, 0)
		got, err := decodeSession(old)
		if err != nil || got.Handoff == nil || got.Handoff.Tip != h.Tip || got.Handoff.Unsure != nil ||
			got.Pending != "" || got.Plea != "" || got.Skip != "" || got.Handoff.Warned || got.Handoff.MayText || got.Threads != nil {
			t.Fatalf("a format 3 record decoded as %+v (handoff %+v), %v", got, got.Handoff, err)
		}
	})
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
