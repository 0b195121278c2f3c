package spool_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/bottest"
	"github.com/nhttf/frontdoor/integrations/spool"
)

func open(t *testing.T) (*spool.Dir, string) {
	t.Helper()
	keys, err := bot.NewKeys(bottest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	d, err := spool.Open(dir, keys)
	if err != nil {
		t.Fatal(err)
	}
	return d, dir
}

var t0 = time.Date(2026, 4, 1, 12, 0, 0, 0, time.UTC)

func msg(id, body string, at time.Time) bot.Spooled {
	return bot.Spooled{Inbound: bot.Inbound{ID: id, From: "+15550147777", Body: body, Channel: bot.ChannelSMS}, Received: at}
}

func TestDir(t *testing.T) {
	d, dir := open(t)
	ctx := context.Background()
	// Put out of order: replay follows arrival time.
	for _, m := range []bot.Spooled{msg("SM2", "second", t0.Add(time.Second)), msg("SM1", "first canary text", t0), msg("SM3", "third", t0.Add(2*time.Second))} {
		if err := d.Put(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		if f.IsDir() {
			continue
		}
		data, _ := os.ReadFile(filepath.Join(dir, f.Name()))
		if strings.Contains(string(data), "5550147777") || strings.Contains(string(data), "canary") {
			t.Fatalf("%s holds clear text", f.Name())
		}
	}
	if got := d.Oldest(); !got.Equal(t0) {
		t.Errorf("Oldest = %v", got)
	}
	var order []string
	n, err := d.Replay(ctx, func(m bot.Spooled) error {
		order = append(order, m.Inbound.ID)
		if m.Inbound.ID == "SM2" {
			return bot.ErrStillFailing
		}
		return nil
	})
	if !errors.Is(err, bot.ErrStillFailing) || n != 1 || strings.Join(order, ",") != "SM1,SM2" {
		t.Fatalf("replay stopped wrong: n=%d err=%v order=%v", n, err, order)
	}
	if left, _ := d.Len(); left != 2 {
		t.Fatalf("%d left, want SM2 and SM3", left)
	}
	order = nil
	n, err = d.Replay(ctx, func(m bot.Spooled) error {
		order = append(order, m.Inbound.ID+":"+m.Inbound.Body)
		if m.Inbound.ID == "SM3" {
			return bot.ErrReplayFailed // dropped: replaying again would not help
		}
		return nil
	})
	if err != nil || n != 2 || strings.Join(order, ",") != "SM2:second,SM3:third" {
		t.Fatalf("second replay: n=%d err=%v order=%v", n, err, order)
	}
	if left, _ := d.Len(); left != 0 {
		t.Fatalf("%d left", left)
	}
}

func TestDir_Unreadable(t *testing.T) {
	d, dir := open(t)
	ctx := context.Background()
	if err := d.Put(ctx, msg("SM1", "x", t0)); err != nil {
		t.Fatal(err)
	}
	other, err := bot.NewKeys([]byte(strings.Repeat("z", 40)))
	if err != nil {
		t.Fatal(err)
	}
	d2, _ := spool.Open(dir, other)
	called := false
	if _, err := d2.Replay(ctx, func(bot.Spooled) error { called = true; return nil }); err != nil || called {
		t.Fatalf("a file sealed with another secret must not be replayed: %v %v", err, called)
	}
	if aside, _ := os.ReadDir(filepath.Join(dir, "unreadable")); len(aside) != 1 {
		t.Fatal("the unreadable file should be moved aside")
	}
}
