package twilio

import (
	"context"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"sync/atomic"
	"time"
)

// callTransport carries one REST call. twilio-go v1.31.0 has no base-URL option and no context, so
// this transport sends every request to the configured API URL (TWILIO_API_URL, a fake in tests)
// and attaches the caller's context; it also notes the HTTP status and Retry-After, which
// twilio-go's errors do not expose, and whether the request was written to the connection: a
// call that failed after that may have reached Twilio.
type callTransport struct {
	ctx    context.Context
	target *url.URL
	base   http.RoundTripper

	status     int
	retryAfter time.Duration
	wrote      atomic.Bool // the whole request went out
}

func (t *callTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	trace := &httptrace.ClientTrace{WroteRequest: func(i httptrace.WroteRequestInfo) {
		if i.Err == nil {
			t.wrote.Store(true)
		}
	}}
	r = r.Clone(httptrace.WithClientTrace(t.ctx, trace))
	r.URL.Scheme, r.URL.Host, r.Host = t.target.Scheme, t.target.Host, t.target.Host
	if p := t.target.Path; p != "" && p != "/" {
		r.URL.Path = p + r.URL.Path // an API URL with a path prefix, e.g. behind a proxy
	}
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		return nil, err
	}
	t.status = resp.StatusCode
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		t.retryAfter = time.Duration(s) * time.Second
	}
	return resp, nil
}
