package console

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/nhttf/frontdoor/bot"
	"github.com/nhttf/frontdoor/bot/transcript"
	"github.com/nhttf/frontdoor/flows"
)

// The simulator keeps no state on the server: the page posts every message sent so far, and
// each request replays them from a new texter on an empty in-memory store, with a fixed clock
// and fixed random names, so the replay always comes out the same. That works on any replica,
// and a simulation leaves nothing behind.

// maxSimMessages bounds a simulated conversation.
const maxSimMessages = 200

type simData struct {
	History []string
	Lang    string
	Chat    []bubble
	Session *bot.Session
	Answers [][2]string
	Flags   []string
	Check   *checked
}

// bubble is one line of the simulated phone: the texter's message, a reply, or a note saying
// what staff would get.
type bubble struct {
	From string // "texter", "bot" or "note"
	Text string
}

var simSecret = []byte("console-simulator-secret-not-used-for-anything-real")

func (c *Console) simulatorPage(w http.ResponseWriter, r *http.Request, s *session) {
	c.runSimulator(w, r, s, nil, r.URL.Query().Get("lang"))
}

func (c *Console) simulate(w http.ResponseWriter, r *http.Request, s *session) {
	r.ParseForm()
	history := r.PostForm["m"]
	switch r.PostFormValue("action") {
	case "reset":
		history = nil
	case "undo":
		if len(history) > 0 {
			history = history[:len(history)-1]
		}
	default:
		if text := strings.TrimSpace(r.PostFormValue("text")); text != "" {
			history = append(history, text)
		}
	}
	if len(history) > maxSimMessages {
		history = history[len(history)-maxSimMessages:]
	}
	c.runSimulator(w, r, s, history, r.PostFormValue("lang"))
}

func (c *Console) runSimulator(w http.ResponseWriter, r *http.Request, s *session, history []string, lang string) {
	ws, err := c.workspace(r.Context(), s.User)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	d := simData{History: history, Lang: lang, Check: lint(ws.Files)}
	if d.Check.Set != nil {
		if lang != "" && !contains(d.Check.Set.Languages, lang) {
			d.Lang = ""
		}
		d.Chat, d.Session = c.replay(d.Check.Set, d.Lang, history)
		d.Answers, d.Flags = describeSession(d.Session)
	}
	c.renderView(w, http.StatusOK, "simulator", s, view{Title: "Simulator", Work: ws, Data: d})
}

// replay runs history from a new texter and returns the conversation and the session after it.
func (c *Console) replay(set *flows.Set, lang string, history []string) ([]bubble, *bot.Session) {
	ctx := context.Background()
	keys, _ := bot.NewKeys(simSecret)
	clock := &simClock{now: time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)}
	ids := bot.NewRandomIDs(rand.NewChaCha8([32]byte{'s', 'i', 'm'}))
	parts := c.deps.NewStore(clock)
	store := parts.Sessions
	engine := bot.NewEngine(set, c.deps.Messages, ids).WithLang(lang).WithDirectory(c.deps.Directory)
	if c.cfg.NoDesk {
		engine = engine.WithoutDesk()
	}
	b := &bot.Bot{Engine: engine, Store: store, Tips: parts.Tips, Stats: parts.Stats, Keys: keys, Clock: clock, IDs: ids}
	var chat []bubble
	for i, text := range history {
		clock.now = clock.now.Add(time.Minute)
		chat = append(chat, bubble{From: "texter", Text: text})
		out := b.Handle(ctx, bot.Inbound{ID: fmt.Sprintf("SIM%d", i), From: transcript.DefaultFrom, Body: text})
		for _, reply := range out.Replies {
			chat = append(chat, bubble{From: "bot", Text: reply})
		}
		for _, e := range out.Effects {
			chat = append(chat, bubble{From: "note", Text: bot.DescribeEffect(c.routed(e), bot.Would)})
		}
		if len(out.Replies) == 0 && len(out.Effects) == 0 {
			chat = append(chat, bubble{From: "note", Text: "No reply."})
		}
	}
	snap, err := store.Load(ctx, keys.TexterKey(bot.ChannelSMS, transcript.DefaultFrom), "")
	if err != nil {
		return chat, nil
	}
	return chat, &snap.Session
}

type simClock struct{ now time.Time }

func (c *simClock) Now() time.Time { return c.now }

// routed names the queue of a routed handoff as the roster would pick it.
func (c *Console) routed(e bot.Effect) bot.Effect {
	if e.Kind != bot.HandoffRequested || e.Queue != flows.RouteQueue {
		return e
	}
	e.Queue = "picked by the on-call roster's routing"
	if c.deps.Route != nil {
		if q := c.deps.Route(e.Lang, e.Answers); q != "" {
			e.Queue = q + " (picked by the on-call roster's routing)"
		}
	}
	return e
}

func describeSession(s *bot.Session) ([][2]string, []string) {
	if s == nil {
		return nil, nil
	}
	var answers [][2]string
	for k, v := range s.Answers {
		answers = append(answers, [2]string{k, v})
	}
	sort.Slice(answers, func(i, j int) bool { return answers[i][0] < answers[j][0] })
	var flags []string
	if s.Urgent || (s.Handoff != nil && s.Handoff.Urgent) {
		flags = append(flags, "urgent")
	}
	if s.OptedOut {
		flags = append(flags, "opted out")
	}
	if s.Handoff != nil {
		q := s.Handoff.Queue
		if q == flows.RouteQueue {
			q = "picked by the on-call roster's routing"
		}
		flags = append(flags, "with staff in queue "+q)
	}
	return answers, flags
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
