package storetest

import (
	"log/slog"
	"testing"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/roster"
	"github.com/nhttf/frontdoor/flows"
)

// Rig is what NewRig builds the bot of a test from: the built-in flows over one store. Tips,
// Stats and SendGate are passed to the bot as serve passes the store's parts; each left nil is
// the store's own side when it has one (the memory store has them all).
type Rig struct {
	Store   bot.Store // required
	Keys    *bot.Keys // required
	Clock   bot.Clock // required
	IDs     bot.IDs   // default a fresh *IDs
	Program string    // the program's name in the messages; default "Test Line"
	// Lang is the engine's default language; "" keeps the engine's own (WithLang).
	Lang string
	Log  *slog.Logger // default slog.Default()
	// Desk builds the staff desk too, on the store's DeskStore side (the store must have one),
	// with Roster (default the suite's Roster), and hooks it into the bot's turns.
	Desk      bool
	DeskStore bot.DeskStore // the desk's side of the store; default Store's
	Roster    *roster.Roster
	Tips      bot.TipStore   // default the Store's TipStore side
	Stats     bot.StatsStore // default the Store's StatsStore side
	SendGate  bot.SendGate   // default the Store's SendGate side
	// Limit and Limiter are the per-texter rate limit, as bot.Bot takes them.
	Limit   bot.RateLimit
	Limiter bot.RateCounter
	// Partners routes tips and closed handoffs to partners, from the bot and the desk alike.
	Partners bot.Partners
}

// NewRig returns the bot, and with r.Desk its desk (else nil).
func NewRig(t testing.TB, r Rig) (*bot.Bot, *bot.Desk) {
	t.Helper()
	set, probs := flows.Load(flows.Builtin(), flows.Options{Reserved: bot.Reserved})
	if set == nil {
		t.Fatalf("built-in flows: %v", probs)
	}
	if r.IDs == nil {
		r.IDs = &IDs{}
	}
	if r.Program == "" {
		r.Program = "Test Line"
	}
	engine := bot.NewEngine(set, bot.NewMessages(r.Program), r.IDs)
	if r.Lang != "" {
		engine = engine.WithLang(r.Lang)
	}
	r.sides()
	var d *bot.Desk
	var turns bot.TurnHook // a nil *Desk is not a nil TurnHook
	if r.Desk {
		d = r.newDesk(t, engine)
		turns = d
	}
	b := &bot.Bot{Engine: engine, Store: r.Store, Tips: r.Tips, Stats: r.Stats, SendGate: r.SendGate, Keys: r.Keys, Clock: r.Clock, IDs: r.IDs,
		Log: r.Log, Turns: turns, Partners: r.Partners, Limit: r.Limit, Limiter: r.Limiter}
	return b, d
}

// sides fills Tips, Stats and SendGate left nil from the store's own sides.
func (r *Rig) sides() {
	if r.Tips == nil {
		r.Tips, _ = r.Store.(bot.TipStore)
	}
	if r.Stats == nil {
		r.Stats, _ = r.Store.(bot.StatsStore)
	}
	if r.SendGate == nil {
		r.SendGate, _ = r.Store.(bot.SendGate)
	}
}

func (r Rig) newDesk(t testing.TB, engine *bot.Engine) *bot.Desk {
	t.Helper()
	ds, ok := r.Store.(bot.DeskStore)
	if r.DeskStore != nil {
		ds, ok = r.DeskStore, true
	}
	if !ok {
		t.Fatalf("%T keeps no desk (bot.DeskStore)", r.Store)
	}
	if r.Roster == nil {
		r.Roster = Roster(t)
	}
	return bot.NewDesk(bot.DeskConfig{Sessions: r.Store, Desk: ds, Tips: r.Tips, Live: bot.NewLiveEngine(engine, 0),
		Clock: r.Clock, Log: r.Log, Roster: r.Roster, Partners: r.Partners})
}

// discard is the log of the suite's bots and desks.
var discard = slog.New(slog.DiscardHandler)
