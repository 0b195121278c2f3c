package bot

import (
	"slices"
	"time"
)

// Channel is how a texter reaches Frontdoor.
type Channel string

const (
	ChannelSMS   Channel = "sms"
	ChannelSlack Channel = "slack" // a direct message to the Slack app
)

// Inbound is one message from a texter, as the edge parsed it.
type Inbound struct {
	ID      string  // the provider's message id (Twilio MessageSid, Slack event id): the dedupe key
	Channel Channel // default ChannelSMS
	From    string  // E.164 number or Slack user ID: personal data, never logged
	Body    string
	Media   int // attachments; never fetched
}

// Session is one texter's conversation. It is a value: the Engine returns a changed copy and the
// Store saves it with a compare-and-set on Version.
type Session struct {
	Texter   string  // TexterKey of the address: the only identifier used in keys
	Address  string  // the number or Slack user; the store keeps it encrypted at rest
	Channel  Channel // how the texter reaches us
	Alias    string  // random per-conversation name staff see, e.g. "K7QF"
	Lang     string
	Flow     string // current flow; "" when no conversation is running
	State    string // current state ID ("flow.state")
	Tries    int    // bad answers in the current state
	Answers  map[string]string
	Urgent   bool
	OptedOut bool
	Handoff  *Handoff // set while the texter is with staff
	// Threads are the desk threads of the texter's earlier handoffs in this session (ended or
	// transferred away), newest last, at most MaxThreads: erasure redacts their words there too.
	Threads []Thread

	// Pending is a question the engine asked that the next message answers, before any flow:
	// PendingPerson (a person was offered to a texter in danger) or PendingMayText (may staff
	// text back later). "" when none waits.
	Pending string
	// Plea is the message that made the engine offer a person, kept until the texter answers:
	// accepting posts it as the first line of the urgent handoff's thread.
	Plea string
	// Skip is the state whose question the first text answered (flows.FirstText): entering it
	// moves on without asking.
	Skip string

	Started     time.Time
	LastInbound time.Time // when the texter last wrote: staff may not text a silent texter
	Updated     time.Time
	Version     int64 // 0 for a session never stored
}

// Handoff records that the texter is with staff in a queue. The desk fields (desk.go) stay zero
// without a staff desk.
type Handoff struct {
	Queue  string
	Urgent bool
	Opened time.Time

	// Ref names this handoff in effects and in the desk's post metadata: the alias, the opening
	// time and the session version, nothing of the number (desk_turn.go).
	Ref       string
	Thread    Thread    // the desk thread, once the handoff post landed
	Owner     string    // the staff member (Slack user ID) who claimed it; "" while unclaimed
	Claimed   time.Time // when Owner claimed it
	Due       time.Time // when the next escalation step is due; zero when none is
	Escalated bool      // the backups were mentioned (after EscalateAfter, or at once after hours)
	Hotline   bool      // the texter was given the hotline (after HotlineAfter, or at once after hours)
	Held      *Held     // the owner's reply held by the silence rule until they confirm
	// Unsure are the owner's replies that may or may not have been sent (the provider did not
	// answer clearly), newest last, at most MaxUnsure: the owner may send each again, once.
	Unsure []Held
	// Tip is the code of the tip this handoff follows up: staff pressed Ask tipster on its post,
	// whose thread is Thread; "" for a handoff the texter asked for.
	Tip string
	// Warned records that the texter was given the 911 line in this handoff: it is said once.
	Warned bool
	// MayText records the texter's yes to being texted later (after hours, or the tipster's
	// consent to questions): only then may staff confirm a reply to a texter quiet for
	// SilenceLimit ("Send anyway").
	MayText bool
}

// Questions the engine asks outside flows, in Session.Pending.
const (
	PendingPerson  = "person"   // a person was offered; yes opens an urgent handoff
	PendingMayText = "may_text" // may staff text back when on shift; yes sets Handoff.MayText
)

// Thread is a conversation thread on the staff desk: a Slack channel and the ts of its first
// message. The zero Thread is none.
type Thread struct {
	Channel string `json:"c,omitempty"`
	TS      string `json:"ts,omitempty"`
}

// IsZero reports whether t names no thread.
func (t Thread) IsZero() bool { return t.Channel == "" || t.TS == "" }

// String is "channel:ts", the form stores key threads by.
func (t Thread) String() string { return t.Channel + ":" + t.TS }

// Held is a staff reply waiting for its author to confirm it (the texter has been quiet for
// SilenceLimit or more), or to send it again (Handoff.Unsure).
type Held struct {
	TS    string // the Slack message
	User  string
	Text  string // the SMS text, already converted from Slack markup
	Again int    // Unsure: how many times it was sent again already
}

// MaxThreads bounds Session.Threads (a texter with more handoffs than that in one session would
// keep their words in the oldest threads after erasure; 32 handoffs in 72 hours do not happen).
const MaxThreads = 32

// rememberThread adds a thread whose conversation ended to Threads, once.
func (s *Session) rememberThread(th Thread) {
	if th.IsZero() || slices.Contains(s.Threads, th) {
		return
	}
	s.Threads = append(slices.Clip(s.Threads), th)
	if len(s.Threads) > MaxThreads {
		s.Threads = s.Threads[len(s.Threads)-MaxThreads:]
	}
}

// MaxUnsure bounds Handoff.Unsure: older replies that may not have been sent can no longer be
// sent again from their button (the owner can write them again).
const MaxUnsure = 5

// Active reports whether a conversation is running (a flow state or a handoff).
func (s *Session) Active() bool { return s.State != "" || s.Handoff != nil }

// answer returns a saved answer, for templates.
func (s *Session) answer(name string) string { return s.Answers[name] }

// setAnswer saves an answer without changing a map the caller's copy may share.
func (s *Session) setAnswer(name, value string) {
	m := make(map[string]string, len(s.Answers)+1)
	for k, v := range s.Answers {
		m[k] = v
	}
	m[name] = value
	s.Answers = m
}

// Clone returns a copy that shares nothing mutable with s.
func (s Session) Clone() Session {
	if s.Answers != nil {
		m := make(map[string]string, len(s.Answers))
		for k, v := range s.Answers {
			m[k] = v
		}
		s.Answers = m
	}
	s.Threads = slices.Clone(s.Threads)
	if s.Handoff != nil {
		h := *s.Handoff
		if h.Held != nil {
			held := *h.Held
			h.Held = &held
		}
		h.Unsure = append([]Held(nil), h.Unsure...)
		s.Handoff = &h
	}
	return s
}
