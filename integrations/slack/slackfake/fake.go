// Package slackfake is a fake Slack Web API for tests: an httptest server that speaks Slack's
// wire format (form bodies with the token, {"ok":true,...} answers, HTTP 429 with Retry-After),
// keeps the messages posted to it so that threads can be read back (conversations.replies and
// .history, with metadata), records every request it gets, and serves Socket Mode (the
// apps.connections.open handshake and a websocket). It also has the test HTTP transport that
// refuses to leave the machine.
//
// Imports: internal/loopback only among the module's packages. A test-support package: no
// production package may import it (internal/layers).
package slackfake

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/internal/loopback"
)

// Token and AppToken are the credentials the fake accepts.
const (
	Token    = "xoxb-fake-bot-token"
	AppToken = "xapp-fake-app-token"
	BotID    = "B0FRONTDOOR"
)

// Request is one request the fake received.
type Request struct {
	Path string
	Form url.Values // the form body (and query)
	Body string     // the raw body, for scans
	Auth string     // the Authorization header
}

// Answer is a scripted failure for the next call of a method.
type Answer struct {
	Status     int    // HTTP status; 0 means 200
	RetryAfter string // with 429
	Error      string // an ok:false error code, with status 200
}

// Message is a message the fake keeps.
type Message struct {
	Channel, TS, ThreadTS string
	User, BotID           string
	Text                  string
	Blocks                json.RawMessage
	Metadata              json.RawMessage
	SubType               string
}

// Reaction is a reaction the fake keeps.
type Reaction struct{ Channel, TS, Name string }

// Ephemeral is an ephemeral message the fake received.
type Ephemeral struct {
	Channel, User, ThreadTS, Text string
	Blocks                        json.RawMessage
}

// Server is the fake. Now gives the time that message ts follow (set it to a test's fake clock
// before use); it defaults to the system clock.
type Server struct {
	*httptest.Server
	Now func() time.Time

	mu         sync.Mutex
	requests   []Request
	answers    map[string][]Answer
	messages   []*Message
	reactions  []Reaction
	ephemerals []Ephemeral
	seq        int
	socket     *socket
	hooks      map[string]func()
	slow       map[string]time.Duration
	down       int // while non-zero, every Web API call answers this HTTP status
}

// New starts a fake; Close it when done.
func New() *Server {
	s := &Server{Now: time.Now, answers: map[string][]Answer{}, socket: newSocket()}
	mux := http.NewServeMux()
	mux.HandleFunc("/ws", s.socket.serve)
	mux.HandleFunc("/", s.serve)
	s.Server = httptest.NewServer(mux)
	return s
}

// URL of the Web API, with the trailing slash slack-go needs.
func (s *Server) APIURL() string { return s.URL + "/" }

// Fail makes the next calls of method (e.g. "chat.postMessage") answer as scripted, in order.
func (s *Server) Fail(method string, answers ...Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers[method] = append(s.answers[method], answers...)
}

// OnCall makes the fake call f after it handled the next call of method, before it answers (a
// test acting while a post is in flight).
func (s *Server) OnCall(method string, f func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hooks == nil {
		s.hooks = map[string]func(){}
	}
	s.hooks[method] = f
}

// Down makes every Web API call answer HTTP status (e.g. 503) until Up, as in a Slack outage.
// The calls are still recorded.
func (s *Server) Down(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = status
}

// Up ends an outage that Down began.
func (s *Server) Up() { s.Down(0) }

// Slow makes every call of method take d longer before it is answered (a post in flight for a
// while); 0 ends it.
func (s *Server) Slow(method string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.slow == nil {
		s.slow = map[string]time.Duration{}
	}
	s.slow[method] = d
}

// Requests returns what the fake received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Calls returns the requests to one method.
func (s *Server) Calls(method string) []Request {
	var out []Request
	for _, r := range s.Requests() {
		if r.Path == "/"+method {
			out = append(out, r)
		}
	}
	return out
}

// Messages returns copies of the messages in a channel (all channels for ""), in ts order.
func (s *Server) Messages(channel string) []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Message
	for _, m := range s.messages {
		if channel == "" || m.Channel == channel {
			out = append(out, *m)
		}
	}
	return out
}

// Thread returns the replies in a thread (without its first message), in order.
func (s *Server) Thread(channel, ts string) []Message {
	var out []Message
	for _, m := range s.Messages(channel) {
		if m.ThreadTS == ts && m.TS != ts {
			out = append(out, m)
		}
	}
	return out
}

// Reactions returns the reactions added.
func (s *Server) Reactions() []Reaction {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Reaction(nil), s.reactions...)
}

// Ephemerals returns the ephemeral messages posted.
func (s *Server) Ephemerals() []Ephemeral {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ephemeral(nil), s.ephemerals...)
}

// AddUserMessage stores a message a person wrote (as Slack would) and returns its ts; the
// test then delivers the event for it, or not (a missed event).
func (s *Server) AddUserMessage(channel, threadTS, user, text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := &Message{Channel: channel, TS: s.nextTS(), ThreadTS: threadTS, User: user, Text: text}
	s.messages = append(s.messages, m)
	return m.TS
}

// nextTS returns a new ts after Now; the caller holds s.mu.
func (s *Server) nextTS() string {
	s.seq++
	return fmt.Sprintf("%d.%06d", s.Now().Unix(), s.seq)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	form, _ := url.ParseQuery(string(body))
	for k, v := range r.URL.Query() {
		form[k] = append(form[k], v...)
	}
	method := strings.TrimPrefix(r.URL.Path, "/")
	s.mu.Lock()
	s.requests = append(s.requests, Request{Path: r.URL.Path, Form: form, Body: string(body), Auth: r.Header.Get("Authorization")})
	var a *Answer
	if s.down != 0 {
		a = &Answer{Status: s.down}
	} else if q := s.answers[method]; len(q) > 0 {
		a, s.answers[method] = &q[0], q[1:]
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case a != nil && a.Status != 0:
		if a.RetryAfter != "" {
			w.Header().Set("Retry-After", a.RetryAfter)
		}
		w.WriteHeader(a.Status)
		return
	case a != nil:
		reply(w, map[string]any{"ok": false, "error": a.Error})
		return
	case !s.authorized(method, form, r.Header.Get("Authorization")):
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	answer := s.call(method, form)
	s.mu.Lock()
	hook, slow := s.hooks[method], s.slow[method]
	delete(s.hooks, method)
	s.mu.Unlock()
	if hook != nil {
		hook()
	}
	if slow > 0 {
		time.Sleep(slow)
	}
	reply(w, answer)
}

func (s *Server) authorized(method string, form url.Values, auth string) bool {
	if method == "apps.connections.open" {
		return auth == "Bearer "+AppToken
	}
	return form.Get("token") == Token || auth == "Bearer "+Token
}

func reply(w http.ResponseWriter, v map[string]any) { _ = json.NewEncoder(w).Encode(v) }

func (s *Server) call(method string, f url.Values) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch method {
	case "chat.postMessage":
		return s.post(f)
	case "chat.update":
		return s.update(f)
	case "chat.postEphemeral":
		s.ephemerals = append(s.ephemerals, Ephemeral{Channel: f.Get("channel"), User: f.Get("user"),
			ThreadTS: f.Get("thread_ts"), Text: f.Get("text"), Blocks: raw(f.Get("blocks"))})
		return map[string]any{"ok": true, "message_ts": s.nextTS()}
	case "reactions.add":
		return s.react(f)
	case "conversations.replies":
		return s.replies(f)
	case "conversations.history":
		return s.history(f)
	case "auth.test":
		return map[string]any{"ok": true, "user_id": "U0FRONTBOT", "bot_id": BotID, "team_id": "T0TEAM0001"}
	case "apps.connections.open":
		return map[string]any{"ok": true, "url": "ws" + strings.TrimPrefix(s.URL, "http") + "/ws"}
	}
	return map[string]any{"ok": false, "error": "unknown_method"}
}

func raw(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	return json.RawMessage(s)
}

func (s *Server) post(f url.Values) map[string]any {
	ch := f.Get("channel")
	if strings.HasPrefix(ch, "U") { // a DM to a user opens the app's DM channel
		ch = "D" + ch[1:]
	}
	m := &Message{Channel: ch, TS: s.nextTS(), ThreadTS: f.Get("thread_ts"), BotID: BotID, Text: f.Get("text"),
		Blocks: raw(f.Get("blocks")), Metadata: raw(f.Get("metadata")), SubType: "bot_message"}
	s.messages = append(s.messages, m)
	return map[string]any{"ok": true, "channel": ch, "ts": m.TS, "message": s.wire(m, true)}
}

func (s *Server) find(channel, ts string) *Message {
	for _, m := range s.messages {
		if m.Channel == channel && m.TS == ts {
			return m
		}
	}
	return nil
}

func (s *Server) update(f url.Values) map[string]any {
	m := s.find(f.Get("channel"), f.Get("ts"))
	if m == nil {
		return map[string]any{"ok": false, "error": "message_not_found"}
	}
	m.Text, m.Blocks = f.Get("text"), raw(f.Get("blocks"))
	return map[string]any{"ok": true, "channel": m.Channel, "ts": m.TS, "text": m.Text}
}

func (s *Server) react(f url.Values) map[string]any {
	r := Reaction{Channel: f.Get("channel"), TS: f.Get("timestamp"), Name: f.Get("name")}
	if s.find(r.Channel, r.TS) == nil {
		return map[string]any{"ok": false, "error": "message_not_found"}
	}
	for _, x := range s.reactions {
		if x == r {
			return map[string]any{"ok": false, "error": "already_reacted"}
		}
	}
	s.reactions = append(s.reactions, r)
	return map[string]any{"ok": true}
}

// wire is a message as the Web API returns it; blocks only for a thread's replies (what erasure
// reads: real Slack returns them with history too, but the fake's history has no paging, and
// long channels made every lookup decode every post's blocks).
func (s *Server) wire(m *Message, metadata bool, blocks ...bool) map[string]any {
	w := map[string]any{"type": "message", "ts": m.TS, "text": m.Text}
	if m.ThreadTS != "" {
		w["thread_ts"] = m.ThreadTS
	}
	if m.User != "" {
		w["user"] = m.User
	}
	if m.BotID != "" {
		w["bot_id"], w["subtype"] = m.BotID, m.SubType
	}
	if metadata && m.Metadata != nil {
		w["metadata"] = m.Metadata
	}
	if m.Blocks != nil && len(blocks) > 0 && blocks[0] {
		w["blocks"] = m.Blocks
	}
	return w
}

func (s *Server) replies(f url.Values) map[string]any {
	ch, ts, oldest := f.Get("channel"), f.Get("ts"), f.Get("oldest")
	if s.find(ch, ts) == nil {
		return map[string]any{"ok": false, "error": "thread_not_found"}
	}
	var out []map[string]any
	for _, m := range s.messages {
		if m.Channel == ch && (m.TS == ts || m.ThreadTS == ts) && (m.TS == ts || oldest == "" || m.TS >= oldest) {
			out = append(out, s.wire(m, f.Get("include_all_metadata") == "1", true))
		}
	}
	sortByTS(out)
	return map[string]any{"ok": true, "messages": out, "has_more": false}
}

func (s *Server) history(f url.Values) map[string]any {
	ch, oldest := f.Get("channel"), f.Get("oldest")
	var out []map[string]any
	for _, m := range s.messages {
		if m.Channel == ch && (m.ThreadTS == "" || m.ThreadTS == m.TS) && (oldest == "" || m.TS >= oldest) {
			out = append(out, s.wire(m, f.Get("include_all_metadata") == "1"))
		}
	}
	sortByTS(out)
	return map[string]any{"ok": true, "messages": out, "has_more": false}
}

func sortByTS(ms []map[string]any) {
	sort.Slice(ms, func(i, j int) bool { return ms[i]["ts"].(string) < ms[j]["ts"].(string) })
}

// LoopbackOnly is an http.RoundTripper that refuses any host but a loopback address, so a
// misrouted test request fails instead of reaching the real Slack.
type LoopbackOnly struct{ Base http.RoundTripper }

// RoundTrip implements http.RoundTripper.
func (l LoopbackOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	return loopback.Only{Base: l.Base, Who: "slackfake"}.RoundTrip(r)
}
