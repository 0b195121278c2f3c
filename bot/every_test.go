package bot_test

import (
	"context"
	"testing"
	"time"

	"github.com/nhttf/frontdoor/bot"
)

func TestEveryOr(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	wake := make(chan int)
	ticks, woken := make(chan bool, 100), make(chan bool, 1)
	done := make(chan bool)
	go func() {
		bot.EveryOr(ctx, time.Millisecond, func() { ticks <- true }, wake, func() { woken <- true })
		close(done)
	}()
	<-ticks
	wake <- 1
	<-woken
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("EveryOr did not return when its context ended")
	}
}
