package bot

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nhttf/frontdoor/bot/region"
	"github.com/nhttf/frontdoor/flows"
)

// Outcomes staff choose when they close a conversation: a short stable code (kept in
// Effect.Outcome and CloseRecord.Outcome, which reports count by) and the words staff see.
var Outcomes = []struct{ Code, Label string }{
	{"info_given", "Information given"},
	{"referred", "Referred to a provider"},
	{"law_enforcement", "Reported to law enforcement"},
	{"hotline", "Sent to the hotline"},
	{"texter_left", "Texter left"},
	{"no_response", "No response"},
	{"other", "Other"},
}

// OutcomeLabel returns the words for an outcome code, and whether it is one.
func OutcomeLabel(code string) (string, bool) {
	for _, o := range Outcomes {
		if o.Code == code {
			return o.Label, true
		}
	}
	return "", false
}

// MaxCaseNumber bounds the optional case number from a partner's own system.
const MaxCaseNumber = 40

// Why CheckCaseNumber refuses a case number.
var (
	ErrCaseTooLong   = errors.New("a case number has at most 40 characters")
	ErrCaseBadChars  = errors.New("a case number is letters, digits and - _ . / # : only")
	ErrCaseLikePhone = errors.New("that looks like a phone number, and a case number may never be one: give the partner's case ID")
)

// CheckCaseNumber tidies an optional case number from a partner's system: "" is none. It
// refuses one too long, with characters a case ID does not have, or that looks like a phone
// number (seven or more digits with only phone punctuation, or ten or more digits in a row of
// digits and phone punctuation anywhere): the close record must never hold a number.
func CheckCaseNumber(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if utf8.RuneCountInString(s) > MaxCaseNumber {
		return "", ErrCaseTooLong
	}
	for _, r := range s {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("-_./#: ()+", r))) {
			return "", ErrCaseBadChars
		}
	}
	if looksLikePhone(s) {
		return "", ErrCaseLikePhone
	}
	return s, nil
}

func looksLikePhone(s string) bool {
	isPunct := func(r rune) bool { return strings.ContainsRune(" -.()+", r) }
	digits, all := 0, 0
	run := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			run++
			all++
		case isPunct(r):
		default:
			run = 0
		}
		if run >= 10 {
			return true
		}
	}
	onlyPhoneChars := strings.IndexFunc(s, func(r rune) bool { return !(r >= '0' && r <= '9') && !isPunct(r) }) < 0
	return onlyPhoneChars && all >= 7
}

// CloseRecord is what is kept of a conversation staff closed, for reporting: no number, no
// texter key, no words of the texter, only the need and state they chose (which routing read).
type CloseRecord struct {
	Handoff string    `json:"handoff"` // the handoff's Ref (alias, opening time, version)
	Alias   string    `json:"alias"`
	Queue   string    `json:"queue"`
	Lang    string    `json:"lang"`
	Urgent  bool      `json:"urgent"`
	Tip     string    `json:"tip,omitempty"` // a tip's follow-up: its code
	Need    string    `json:"need,omitempty"`
	State   string    `json:"state,omitempty"`
	Opened  time.Time `json:"opened"`
	Closed  time.Time `json:"closed"`
	Outcome string    `json:"outcome"`
	Case    string    `json:"case,omitempty"`
}

// CloseRecordOf builds the record of a close from its DeskUpdate effect.
func CloseRecordOf(e Effect) CloseRecord {
	rt := RouteTexter(e.Lang, e.Answers)
	need := ""
	if slices.Contains(flows.Needs, rt.Need) {
		need = rt.Need
	}
	state := ""
	if region.Valid(rt.State) {
		state = rt.State
	}
	return CloseRecord{Handoff: e.Handoff, Alias: e.Alias, Queue: e.Queue, Lang: e.Lang, Urgent: e.Urgent, Tip: e.TipCode,
		Need: need, State: state, Opened: e.Opened.UTC(), Closed: e.At.UTC(), Outcome: e.Outcome, Case: e.Case}
}

// CloseKeep is how long close records are kept: they hold no personal data, and a year and a
// month covers an annual report.
const CloseKeep = 400 * 24 * time.Hour

// CloseLog keeps the close records. integrations/memory and integrations/redis implement it;
// storetest.RunCloses is its contract.
type CloseLog interface {
	// RecordClose keeps r; recording the same close again (a redelivered effect) keeps it once.
	// Records older than CloseKeep are dropped.
	RecordClose(ctx context.Context, r CloseRecord) error
	// Closes returns the records of conversations closed at or after since, oldest first.
	Closes(ctx context.Context, since time.Time) ([]CloseRecord, error)
}

// CloseRecorder applies effects through Next, then keeps the record of a close staff made with
// an outcome. A failure to keep it fails the effect, which is tried again (redrawing the post
// twice is harmless; the record is kept once).
type CloseRecorder struct {
	Next Applier
	Log  CloseLog
}

// Apply implements Applier.
func (c CloseRecorder) Apply(ctx context.Context, e Effect) error {
	if err := c.Next.Apply(ctx, e); err != nil {
		return err
	}
	if c.Log == nil || e.Kind != DeskUpdate || e.Status != StatusClosed || e.Outcome == "" {
		return nil
	}
	return c.Log.RecordClose(ctx, CloseRecordOf(e))
}
