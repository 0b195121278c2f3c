package bot

import "time"

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

	Started     time.Time
	LastInbound time.Time // when the texter last wrote: staff may not text a silent texter
	Updated     time.Time
	Version     int64 // 0 for a session never stored
}

// Handoff records that the texter is with staff in a queue.
type Handoff struct {
	Queue  string
	Urgent bool
	Opened time.Time
}

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
	if s.Handoff != nil {
		h := *s.Handoff
		s.Handoff = &h
	}
	return s
}
