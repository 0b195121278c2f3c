// Package loopback owns the one test of "this address is on this machine" and an
// http.RoundTripper that refuses every other host. The dev server, loadgen and the fake Twilio
// and Slack servers use it so a misrouted request fails instead of leaving the machine.
//
// It imports only the standard library; anything in the module may import it.
package loopback

import (
	"fmt"
	"net"
	"net/http"
)

// Host reports whether host (no port) is "localhost" or a loopback IP.
func Host(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Only is an http.RoundTripper that sends a request through Base (http.DefaultTransport when
// nil) only when its host is a loopback address. Who names the caller in the refusal.
type Only struct {
	Base http.RoundTripper
	Who  string
}

// RoundTrip implements http.RoundTripper.
func (o Only) RoundTrip(r *http.Request) (*http.Response, error) {
	if !Host(r.URL.Hostname()) {
		who := o.Who
		if who == "" {
			who = "loopback"
		}
		return nil, fmt.Errorf("%s: refusing a request to %s: only loopback is allowed", who, r.URL.Host)
	}
	base := o.Base
	if base == nil {
		base = http.DefaultTransport
	}
	return base.RoundTrip(r)
}
