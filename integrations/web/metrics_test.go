package web

import (
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestMetrics_zeroFromStart: the labelled series the README tells operators to watch exist on
// a fresh server with the value 0, so an alert sees 0, not "no data".
func TestMetrics_zeroFromStart(t *testing.T) {
	r := newRig(t, rigOptions{})
	m := r.metrics(t)
	want := []string{
		`frontdoor_failsafe_replies_total 0`,
		`frontdoor_delivery_failures_total{code="30007"} 0`,
		`frontdoor_delivery_failures_total{code="30003"} 0`,
		`frontdoor_delivery_failures_total{code="30036"} 0`,
		`frontdoor_delivery_failures_total{code="other"} 0`,
		`frontdoor_status_callbacks_total{status="delivered"} 0`,
		`frontdoor_status_callbacks_total{status="undelivered"} 0`,
		`frontdoor_status_callbacks_total{status="failed"} 0`,
		`frontdoor_inbound_messages_total{result="failsafe"} 0`,
		`frontdoor_webhook_seconds_count{route="/twilio/sms"} 0`,
	}
	for _, rt := range r.srv.e.Routes() { // every signed route, found from the router itself
		if rt.Method == echo.POST && (strings.HasPrefix(rt.Path, "/twilio/") || strings.HasPrefix(rt.Path, "/slack/")) && !strings.HasSuffix(rt.Path, "*") {
			want = append(want, `frontdoor_signature_failures_total{route="`+rt.Path+`"} 0`)
		}
	}
	if len(want) < 15 {
		t.Fatalf("found only %d signed routes", len(want)-10)
	}
	for _, w := range want {
		if !strings.Contains(m, w+"\n") {
			t.Errorf("/metrics on a fresh server lacks %s", w)
		}
	}
}
