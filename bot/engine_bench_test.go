package bot_test

import (
	"math/rand/v2"
	"testing"

	"github.com/nhttf/frontdoor/bot"
)

// BenchmarkEngineStep measures one engine step on the built-in flows, looplab/fsm included: a
// texter in the tip flow's place question answers, and the engine moves to the next question.
func BenchmarkEngineStep(b *testing.B) {
	e := bot.NewEngine(builtinSet(b), bot.NewMessages("Frontdoor"), bot.NewRandomIDs(rand.NewChaCha8([32]byte{})))
	s := bot.Session{Texter: "t", Alias: "AAAA", Lang: "en", Flow: "tip", State: "tip.where", Version: 3, Started: t0}
	in := bot.Inbound{ID: "SM1", From: "+15550001111", Body: "Houston, TX"}
	b.ReportAllocs()
	for b.Loop() {
		turn, err := e.Step(s, in, t0)
		if err != nil || turn.Session.State != "tip.what" {
			b.Fatal(err, turn.Session.State)
		}
	}
}

// BenchmarkEngineStep_Menu measures a menu choice that jumps to another flow and on through a
// state that continues by itself.
func BenchmarkEngineStep_Menu(b *testing.B) {
	e := bot.NewEngine(builtinSet(b), bot.NewMessages("Frontdoor"), bot.NewRandomIDs(rand.NewChaCha8([32]byte{})))
	s := bot.Session{Texter: "t", Alias: "AAAA", Lang: "en", Flow: "main", State: "main.welcome", Version: 3, Started: t0}
	in := bot.Inbound{ID: "SM1", From: "+15550001111", Body: "2"}
	b.ReportAllocs()
	for b.Loop() {
		if turn, _ := e.Step(s, in, t0); turn.Session.State != "tip.where" {
			b.Fatal(turn.Session.State)
		}
	}
}
