// Package twiliotest is a fake Twilio REST API for tests: an httptest server that speaks the
// Messages resource's wire format (form body, Basic auth, JSON answers and error bodies) and
// records every request it gets; like Twilio it refuses a WhatsApp To with an SMS From and the
// other way round (21910). It also has the test HTTP transport that refuses to leave the
// machine.
//
// Imports: internal/loopback only among the module's packages. A test-support package: no
// production package may import it (internal/layers).
package twiliotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/nhttf/frontdoor/internal/loopback"
)

// Request is one request the fake received.
type Request struct {
	Method, Path string
	User, Pass   string // Basic auth
	Form         url.Values
	Status       int // the HTTP status the fake answered
}

// Answer is a scripted response: Status 0 means 201 with a new message SID.
type Answer struct {
	Status     int
	Code       int // Twilio error code in the JSON error body
	RetryAfter string
	Message    string // the error body's message (Twilio's may quote the number)
	// NoStatus leaves the "status" field out of the error body, as some of Twilio's error
	// answers (and proxies in front of it) do.
	NoStatus bool
	// NoSid answers 201 without a message SID.
	NoSid bool
	// Hang waits this long before answering (a client timeout after the request was written);
	// the message counts as sent. Reset closes the connection without an answer after reading
	// the request (the message counts as sent). Either way "may or may not have been sent".
	Hang  time.Duration
	Reset bool
}

// Server is the fake API. Answers are used in order; when they run out every request succeeds.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	requests []Request
	answers  []Answer
	sent     int
	hook     func(Request)
	down     int // while non-zero, every request answers this HTTP status
}

// NewServer starts a fake; Close it when done.
func NewServer(answers ...Answer) *Server {
	s := &Server{answers: answers}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// Requests returns a copy of what the fake received, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Push adds answers to those the fake uses in order.
func (s *Server) Push(answers ...Answer) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.answers = append(s.answers, answers...)
}

// OnRequest makes the fake call f with each request before it answers (a test acting while a
// send is in flight); nil stops it.
func (s *Server) OnRequest(f func(Request)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hook = f
}

// Down makes every request answer HTTP status (e.g. 503) until Up, as in a Twilio outage. The
// requests are still recorded.
func (s *Server) Down(status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.down = status
}

// Up ends an outage that Down began.
func (s *Server) Up() { s.Down(0) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	user, pass, _ := r.BasicAuth()
	s.mu.Lock()
	var a Answer
	switch {
	case s.down != 0:
		a = Answer{Status: s.down, Message: "Service Unavailable"}
	case mixedChannels(r.PostForm):
		a = Answer{Status: http.StatusBadRequest, Code: 21910,
			Message: "Invalid From and To pair. From and To should be of the same channel"}
	case len(s.answers) > 0:
		a, s.answers = s.answers[0], s.answers[1:]
	}
	status := http.StatusCreated
	if a.Status >= 300 {
		status = a.Status
	}
	s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, User: user, Pass: pass, Form: r.PostForm, Status: status})
	s.sent++
	n, hook, req := s.sent, s.hook, s.requests[len(s.requests)-1]
	s.mu.Unlock()
	if hook != nil {
		hook(req)
	}
	if a.Reset {
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
				return
			}
		}
	}
	if a.Hang > 0 {
		select {
		case <-time.After(a.Hang):
		case <-r.Context().Done():
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if a.RetryAfter != "" {
		w.Header().Set("Retry-After", a.RetryAfter)
	}
	if a.Status != 0 && a.Status >= 300 {
		w.WriteHeader(a.Status)
		body := map[string]any{"code": a.Code, "message": a.Message, "status": a.Status,
			"more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", a.Code)}
		if a.NoStatus {
			delete(body, "status")
		}
		_ = json.NewEncoder(w).Encode(body)
		return
	}
	w.WriteHeader(http.StatusCreated)
	msg := map[string]any{"sid": fmt.Sprintf("SM%032d", n), "status": "queued", "to": r.PostForm.Get("To"), "body": r.PostForm.Get("Body"),
		"from": nil, "messaging_service_sid": nil}
	if f := r.PostForm.Get("From"); f != "" {
		msg["from"] = f
	}
	if ms := r.PostForm.Get("MessagingServiceSid"); ms != "" {
		msg["messaging_service_sid"] = ms
	}
	if a.NoSid {
		delete(msg, "sid")
	}
	_ = json.NewEncoder(w).Encode(msg)
}

// mixedChannels reports a WhatsApp To with an SMS From, or the other way round, which Twilio
// refuses (21910). A Messaging Service without From picks the sender of To's channel itself.
func mixedChannels(form url.Values) bool {
	from, to := form.Get("From"), form.Get("To")
	if from == "" {
		return false
	}
	return strings.HasPrefix(from, "whatsapp:") != strings.HasPrefix(to, "whatsapp:")
}

// LoopbackOnly is an http.RoundTripper that refuses any host but a loopback address, so a
// misrouted test request fails instead of reaching the real Twilio.
type LoopbackOnly struct{ Base http.RoundTripper }

// RoundTrip implements http.RoundTripper.
func (l LoopbackOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	return loopback.Only{Base: l.Base, Who: "twiliotest"}.RoundTrip(r)
}
