package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/nhttf/frontdoor/integrations/twilio"
)

func statusForm(sid, status, code string) url.Values {
	f := url.Values{"MessageSid": {sid}, "MessageStatus": {status}, "AccountSid": {"ACtest"},
		"To": {canaryA}, "From": {"+15550199999"}}
	if code != "" {
		f.Set("ErrorCode", code)
	}
	return f
}

func TestStatus(t *testing.T) {
	r := newRig(t, rigOptions{})
	steps := []struct {
		form       url.Values
		wantStatus int
	}{
		{statusForm("SM1", "sent", ""), 204},
		{statusForm("SM1", "delivered", ""), 204},
		{statusForm("SM1", "sent", ""), 204}, // late: ignored
		{statusForm("SM2", "undelivered", "30007"), 204},
		{statusForm("SM2", "undelivered", "30007"), 204}, // duplicate: no second note
		{statusForm("SM3", "failed", "30036"), 204},
		{statusForm("SM4", "sent", ""), 204},
		{statusForm("SM4", "failed", "30003"), 204},
		{statusForm("SM5", "x-new-status", ""), 204},
		{url.Values{"MessageStatus": {"sent"}}, 400},
	}
	for i, s := range steps {
		if rec := r.do(signedPost("/twilio/status", s.form)); rec.Code != s.wantStatus {
			t.Fatalf("step %d: status %d, want %d", i, rec.Code, s.wantStatus)
		}
	}
	want := []twilio.Status{{MessageSid: "SM2", Status: "undelivered", ErrorCode: 30007},
		{MessageSid: "SM3", Status: "failed", ErrorCode: 30036}, {MessageSid: "SM4", Status: "failed", ErrorCode: 30003}}
	if len(r.undelivered) != len(want) {
		t.Fatalf("undelivered hook got %+v, want %+v", r.undelivered, want)
	}
	for i := range want {
		if r.undelivered[i] != want[i] {
			t.Errorf("hook %d: %+v, want %+v", i, r.undelivered[i], want[i])
		}
	}
	m := r.metrics(t)
	for _, line := range []string{`frontdoor_delivery_failures_total{code="30007"} 1`, `frontdoor_delivery_failures_total{code="30036"} 1`,
		`frontdoor_status_callbacks_total{status="other"} 1`, `frontdoor_status_callbacks_total{status="sent"} 3`} {
		if !strings.Contains(m, line) {
			t.Errorf("metrics lack %s", line)
		}
	}
	t.Run("unsigned", func(t *testing.T) {
		req := signedPost("/twilio/status", statusForm("SM9", "failed", "30005"))
		req.Header.Del(twilio.SignatureHeader)
		if rec := r.do(req); rec.Code != http.StatusForbidden {
			t.Fatalf("status %d", rec.Code)
		}
		if len(r.undelivered) != 3 {
			t.Error("an unsigned callback reached the hook")
		}
	})
}

// TestStatus_tellFailed: when staff cannot be told about a failure (the store is down), the
// callback answers 500 and records nothing, so the same callback, sent again, tells them.
func TestStatus_tellFailed(t *testing.T) {
	r := newRig(t, rigOptions{})
	r.undeliveredErr = errors.New("the store is down")
	if rec := r.do(signedPost("/twilio/status", statusForm("SM7", "failed", "21610"))); rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500 so that the callback comes again", rec.Code)
	}
	r.undeliveredErr = nil
	if rec := r.do(signedPost("/twilio/status", statusForm("SM7", "failed", "21610"))); rec.Code != http.StatusNoContent {
		t.Fatalf("the retry: status %d", rec.Code)
	}
	if len(r.undelivered) != 2 || !r.undelivered[1].OptedOut() {
		t.Fatalf("the hook got %+v; want the failure twice, the second time handled", r.undelivered)
	}
	if rec := r.do(signedPost("/twilio/status", statusForm("SM7", "failed", "21610"))); rec.Code != http.StatusNoContent || len(r.undelivered) != 2 {
		t.Fatalf("a duplicate after success reached the hook (%d calls)", len(r.undelivered))
	}
	if m := r.metrics(t); !strings.Contains(m, `frontdoor_delivery_failures_total{code="other"} 1`) {
		t.Errorf("the failure is not counted once")
	}
}
