package twilio

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
)

// Status is one status callback for a message Frontdoor sent.
type Status struct {
	MessageSid string
	Status     string // queued, sent, delivered, undelivered, failed, ...
	ErrorCode  int    // 0 when none
}

// ParseStatus reads a status callback's form. Like ParseInbound it reads no number.
func ParseStatus(form url.Values) (Status, error) {
	s := Status{MessageSid: firstOf(form, "MessageSid", "SmsSid"), Status: firstOf(form, "MessageStatus", "SmsStatus")}
	if s.MessageSid == "" {
		return Status{}, fmt.Errorf("%w: MessageSid", ErrMissingField)
	}
	if s.Status == "" {
		return Status{}, fmt.Errorf("%w: MessageStatus", ErrMissingField)
	}
	s.ErrorCode, _ = strconv.Atoi(form.Get("ErrorCode"))
	return s, nil
}

// statusRanks orders a message's statuses; a callback may only move a message forward.
var statusRanks = map[string]int{
	"accepted": 1, "scheduled": 1, "queued": 1,
	"sending": 2, "sent": 3,
	"delivered": 4, "undelivered": 4, "failed": 4, "canceled": 4,
	"read": 5,
}

// Rank orders the status; 0 means a status Frontdoor does not know.
func (s Status) Rank() int { return statusRanks[s.Status] }

// OptedOut reports whether the message failed because its recipient opted out (21610).
func (s Status) OptedOut() bool { return s.Failed() && s.ErrorCode == CodeOptedOut }

// Failed reports whether the message will not arrive.
func (s Status) Failed() bool { return s.Status == "undelivered" || s.Status == "failed" }

// Label is the status as a metric label: a known status or "other", never free text.
func (s Status) Label() string {
	if s.Rank() == 0 {
		return "other"
	}
	return s.Status
}

// deliveryFailures are the codes staff are told about (RELIABILITY.md 20).
var deliveryFailures = map[int]string{
	30003: "30003", 30004: "30004", 30005: "30005", 30006: "30006",
	30007: "30007", 30008: "30008", 30036: "30036",
}

// FailureLabel is the error code as a metric label: one of 30003–30008 and 30036, else "other".
func (s Status) FailureLabel() string {
	if l, ok := deliveryFailures[s.ErrorCode]; ok {
		return l
	}
	return "other"
}

// StatusLabels are every value Label can take, for metrics that exist before the first callback.
func StatusLabels() []string {
	out := []string{"other"}
	for st := range statusRanks {
		out = append(out, st)
	}
	sort.Strings(out)
	return out
}

// FailureLabels are every value FailureLabel can take.
func FailureLabels() []string {
	out := []string{"other"}
	for _, l := range deliveryFailures {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}
