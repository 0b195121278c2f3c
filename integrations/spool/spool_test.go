package spool_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
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
	if d.Waiting() != 3 {
		t.Fatalf("Waiting = %d, want 3", d.Waiting())
	}
	var order []string
	n, err := d.Flush(ctx, func(ms []bot.Spooled) error {
		for _, m := range ms {
			order = append(order, m.Inbound.ID+":"+m.Inbound.Body)
		}
		return errors.New("the store is still down")
	})
	if err == nil || n != 0 || d.Waiting() != 3 || strings.Join(order, ",") != "SM1:first canary text,SM2:second,SM3:third" {
		t.Fatalf("a failed flush keeps everything: n=%d err=%v order=%v waiting=%d", n, err, order, d.Waiting())
	}
	n, err = d.Flush(ctx, func([]bot.Spooled) error { return nil })
	if err != nil || n != 3 || d.Waiting() != 0 || !d.Oldest().IsZero() {
		t.Fatalf("flush: n=%d err=%v waiting=%d oldest=%v", n, err, d.Waiting(), d.Oldest())
	}
	if again, _ := spool.Open(dir, mustKeys(t)); again.Waiting() != 0 {
		t.Fatalf("%d files left", again.Waiting())
	}
}

// TestDir_Reopen: a spool opened on a folder a previous run left counts its messages.
func TestDir_Reopen(t *testing.T) {
	d, dir := open(t)
	ctx := context.Background()
	for i, id := range []string{"SM1", "SM2"} {
		if err := d.Put(ctx, msg(id, "x", t0.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatal(err)
		}
	}
	again, err := spool.Open(dir, mustKeys(t))
	if err != nil || again.Waiting() != 2 || !again.Oldest().Equal(t0) {
		t.Fatalf("reopened: %v, %d waiting, oldest %v", err, again.Waiting(), again.Oldest())
	}
}

// TestDir_MaxUnderConcurrency: Puts racing for the last places never pass the maximum (a Put
// used to count the folder, then write: concurrent ones all saw room).
func TestDir_MaxUnderConcurrency(t *testing.T) {
	d, dir := open(t)
	d.SetMax(10)
	var wg sync.WaitGroup
	var full atomic.Int64
	for i := range 64 {
		wg.Go(func() {
			err := d.Put(context.Background(), msg(fmt.Sprintf("SM%d", i), "x", t0.Add(time.Duration(i)*time.Millisecond)))
			if errors.Is(err, spool.ErrFull) {
				full.Add(1)
			} else if err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	files, _ := os.ReadDir(dir)
	kept := 0
	for _, f := range files {
		if !f.IsDir() {
			kept++
		}
	}
	if kept != 10 || d.Waiting() != 10 || full.Load() != 54 {
		t.Fatalf("max 10: %d files, Waiting %d, %d refused as full", kept, d.Waiting(), full.Load())
	}
}

func mustKeys(t *testing.T) *bot.Keys {
	t.Helper()
	keys, err := bot.NewKeys(bottest.Secret)
	if err != nil {
		t.Fatal(err)
	}
	return keys
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
	if _, err := d2.Flush(ctx, func([]bot.Spooled) error { called = true; return nil }); err != nil || called || d2.Waiting() != 0 {
		t.Fatalf("a file sealed with another secret must not be replayed: %v %v", err, called)
	}
	if aside, _ := os.ReadDir(filepath.Join(dir, "unreadable")); len(aside) != 1 {
		t.Fatal("the unreadable file should be moved aside")
	}
}

// BenchmarkDir_PutCrowded measures a Put into a folder that already holds 15,000 messages (a
// long outage): the cost of one durable file write, whatever the folder holds.
func BenchmarkDir_PutCrowded(b *testing.B) {
	dir := b.TempDir()
	for i := range 15000 {
		name := fmt.Sprintf("%020d-%08x.msg", t0.UnixNano()+int64(i), i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			b.Fatal(err)
		}
	}
	keys, _ := bot.NewKeys(bottest.Secret)
	d, err := spool.Open(dir, keys)
	if err != nil {
		b.Fatal(err)
	}
	d.SetMax(1 << 30)
	b.ResetTimer()
	for i := range b.N {
		if err := d.Put(context.Background(), msg(fmt.Sprintf("SM%d", i), "x", t0.Add(time.Hour))); err != nil {
			b.Fatal(err)
		}
	}
}
